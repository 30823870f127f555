from .sms_cn_api import SmsCnApi, SmsCnGatewayError

-- forget the WeChat Pay credentials of a neutralized (copied) database
UPDATE payment_provider
   SET wechatpay_apiv3_key = NULL,
       wechatpay_private_key = NULL,
       wechatpay_test_api_url = NULL;
DELETE FROM ir_attachment
 WHERE res_model = 'payment.provider'
   AND res_field = 'wechatpay_private_key_file';

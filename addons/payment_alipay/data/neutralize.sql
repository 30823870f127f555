-- remove the Alipay credentials and simulator of a neutralized database
UPDATE payment_provider
   SET alipay_app_private_key = NULL,
       alipay_public_key = NULL,
       alipay_gateway_url = NULL;

-- Which merchants may accept a program's vouchers (program.MerchantRule). Industries are the registry's industry
-- codes, comma-separated; towns are 5-digit codes, comma-separated, empty for anywhere. Programs defined before this
-- migration have nulls here and follow the default rule of their kind until an operator sets one.
alter table program add column merchant_market_required boolean;
alter table program add column merchant_towns varchar(2000);
-- A cap of annual revenue in won; null with merchant_market_required set means no cap.
alter table program add column merchant_revenue_cap bigint;
alter table program add column merchant_excluded_industries varchar(3300);

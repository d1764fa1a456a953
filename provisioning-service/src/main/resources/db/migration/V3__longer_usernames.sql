-- A matched identity keeps the name it has in the target, which may be longer than the names we generate (64).
ALTER TABLE provisioning_item ALTER COLUMN kc_username TYPE varchar(255);
ALTER TABLE username_reservation ALTER COLUMN username TYPE varchar(255);
ALTER TABLE username_reservation ALTER COLUMN base TYPE varchar(255);

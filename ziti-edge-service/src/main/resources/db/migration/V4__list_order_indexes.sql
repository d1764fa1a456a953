-- Lists are ordered by id in byte order (ZitiQL's default "sort by id", upstream's bolt order) with
-- ORDER BY id COLLATE "C". The primary keys use the database collation, so without these indexes every page sorts
-- the whole table (55 ms at 27 000 enrollments); with them a page is an index range scan.
CREATE INDEX identity_id_c_idx ON identity (id COLLATE "C");
CREATE INDEX enrollment_id_c_idx ON enrollment (id COLLATE "C");
CREATE INDEX api_session_id_c_idx ON api_session (id COLLATE "C");
CREATE INDEX service_id_c_idx ON service (id COLLATE "C");
CREATE INDEX edge_router_id_c_idx ON edge_router (id COLLATE "C");
CREATE INDEX service_policy_id_c_idx ON service_policy (id COLLATE "C");
CREATE INDEX session_id_c_idx ON session (id COLLATE "C");

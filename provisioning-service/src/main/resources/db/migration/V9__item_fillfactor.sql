-- Room on each page of provisioning_item for the new versions of its rows. A run updates each item three to four
-- times (claim, username, identity created, finished). The claim and the username change no indexed column, so they
-- can be HOT updates (no new entry in any of the table's six indexes, and none left behind in the index of unfinished
-- items for the claim to walk past) but only when the new version fits on the row's page; at the default fillfactor
-- (100) the bulk import fills every page and none fits. At 70 a freshly imported page keeps ~30 % free, and pruning
-- on the page reclaims the dead versions as the run goes (README "Runs: the claim's cursor"). Pages written from now
-- on get it; existing rows keep their pages until they are rewritten.
ALTER TABLE provisioning_item SET (fillfactor = 70);

-- Match keys are kept only as long as a late delivery from another actor may still need them.
delete from match_keys
where event_date < cast($cutoff as date);

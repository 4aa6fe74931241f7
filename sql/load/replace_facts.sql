-- A new delivery replaces, for its actor and kind, the facts of earlier deliveries inside its period.
-- Records what it replaced first, then removes those facts.
insert into replacements (delivery_id, replaced_delivery_id, period_start, period_end, facts_removed)
select $delivery_id, f.delivery_id, min(f.period_start), max(f.period_end), count(*)
from facts f
where f.municipality = $municipality
  and f.actor = $actor
  and f.kind = $kind
  and f.period_start >= $period_start
  and f.period_end <= $period_end
group by f.delivery_id;

delete from facts
where municipality = $municipality
  and actor = $actor
  and kind = $kind
  and period_start >= $period_start
  and period_end <= $period_end;

delete from match_keys
where municipality = $municipality
  and actor = $actor
  and kind = $kind
  and event_date between $period_start and $period_end;

-- The last day the loaded deliveries of some kinds cover ($kinds: comma-separated kind codes).
select max(period_end)::varchar as until
from deliveries
where municipality = $municipality
  and status = 'loaded'
  and list_contains(string_split($kinds, ','), kind)

-- Counts per reporting area and ISO week (e.g. 2025-W10), from facts stored per day: only those can be cut into
-- weeks. Weeks belong to the ISO year of their Thursday (%G), so 2024-12-30 is in 2025-W01.
select
    area_code,
    strftime(period_start, '%G-W%V') as week,
    sum(count) as count
from facts
where municipality = $municipality
  and indicator = $indicator
  and grain = 'day'
  and period_start between cast($first_day as date) and cast($last_day as date)
group by all

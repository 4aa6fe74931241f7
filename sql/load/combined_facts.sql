-- Recomputes a combined indicator (e.g. unique fires) from the match keys of its sources inside a period:
-- a record of one source and a record of another in the same area within the window count once. Each record
-- is matched at most once: candidate pairs are taken in order of closeness, then time. Records in 'okand' or
-- without a time never match.
delete from facts
where municipality = $municipality and indicator = $indicator
  and period_start between $period_start and $period_end;

insert into facts
with keys as (
    select row_number() over (order by kind, area_code, event_date, minute, delivery_id) as id, *
    from match_keys
    where municipality = $municipality and indicator = $indicator
      and event_date between $period_start and $period_end
),
candidate_pairs as (
    select a.id as a_id, b.id as b_id, abs(epoch(a.minute) - epoch(b.minute)) as distance, a.minute as a_minute
    from keys a
    join keys b
      on a.kind < b.kind
     and a.area_code = b.area_code
     and a.area_code <> 'okand'
     and b.minute between a.minute - to_minutes($window_minutes) and a.minute + to_minutes($window_minutes)
),
ranked as (
    select *,
        row_number() over (partition by a_id order by distance, b_id) as a_rank,
        row_number() over (partition by b_id order by distance, a_id) as b_rank
    from candidate_pairs
),
matched as (
    -- mutual nearest neighbours: documented, deterministic, and exact when incidents of one area are hours apart
    select b_id from ranked where a_rank = 1 and b_rank = 1
),
unique_events as (
    select * from keys where id not in (select b_id from matched)
)
select
    $municipality as municipality,
    $indicator as indicator,
    area_code,
    'day' as grain,
    event_date as period_start,
    event_date as period_end,
    count(*) as count,
    count(*) as value,
    null as numerator,
    null as denominator,
    'huvudman' as actor,
    'combined' as kind,
    'combined' as delivery_id
from unique_events
group by area_code, event_date;

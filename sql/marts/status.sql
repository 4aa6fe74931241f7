-- Per actor: deliveries, the period covered by loaded data and the share of records placed in 'okand'.
select
    d.actor,
    count(*) filter (where d.status = 'loaded') as loaded,
    count(*) filter (where d.status = 'refused') as refused,
    count(*) filter (where d.status = 'duplicate') as duplicates,
    min(d.period_start) filter (where d.status = 'loaded') as covered_from,
    max(d.period_end) filter (where d.status = 'loaded') as covered_to,
    max(d.received_at) as last_received,
    sum(d.rows_accepted) filter (where d.status = 'loaded') as records,
    coalesce(sum(d.rows_unmapped) filter (where d.status = 'loaded') / nullif(sum(d.rows_accepted) filter (where d.status = 'loaded'), 0), 0) as unmapped_share
from deliveries d
where d.municipality = $municipality
group by d.actor
order by d.actor;

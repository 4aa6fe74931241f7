-- The analyst's main table: every indicator per reporting area and calendar month.
-- Counts and sums add up over days; terms and years are placed in the month they end (grades are set in June);
-- shares are numerator / denominator; rates divide a count by the population of the area and age band.
create or replace view monthly as
with facts_by_month as (
    select
        municipality,
        indicator,
        area_code,
        cast(date_trunc('month', case when grain in ('day', 'month') then period_start else period_end end) as date) as month,
        count,
        value,
        numerator,
        denominator
    from facts
),

summed as (
    select
        municipality,
        indicator,
        area_code,
        month,
        sum(count) as count,
        sum(value) as value,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from facts_by_month
    group by all
),

direct as (
    select
        s.municipality,
        s.indicator,
        s.area_code,
        s.month,
        case
            when i.type = 'share' then s.numerator / nullif(s.denominator, 0)
            when i.type = 'value' then s.value / nullif(s.count, 0)
            else s.value
        end as value,
        s.numerator,
        s.denominator,
        s.count
    from summed s
    join indicators i on i.code = s.indicator
),

rate_base as (
    select r.code as indicator, r.per, s.municipality, s.area_code, s.month, s.count
    from indicators r
    join summed s on s.indicator = r.rate_of
    where r.type = 'rate'
),

rates as (
    -- the latest population year not after the month (population statistics lag a year)
    select
        b.municipality,
        b.indicator,
        b.area_code,
        b.month,
        b.count * b.per / nullif(p.persons, 0) as value,
        cast(b.count as double) as numerator,
        cast(p.persons as double) as denominator,
        b.count
    from rate_base b
    asof left join rate_population p
        on p.indicator = b.indicator
       and p.municipality = b.municipality
       and p.area_code = b.area_code
       and p.year <= year(b.month)
)

select indicator, area_code, month, value, numerator, denominator, count, municipality from direct
union all
select indicator, area_code, month, value, numerator, denominator, count, municipality from rates;

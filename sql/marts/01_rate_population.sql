-- Population per rate indicator, area and year: the bands of the population table must tile the rate's age range
-- exactly, otherwise there is no denominator (a rate on a guessed population would be wrong, not approximate).
create or replace view rate_population as
select
    r.code as indicator,
    p.municipality,
    p.area_code,
    p.year,
    case
        when r.age_from is null and r.age_to is null
            then coalesce(max(p.persons) filter (where p.age_band = 'totalt'), sum(p.persons) filter (where p.age_from is not null))
        when sum(p.age_to - p.age_from + 1) filter (where p.age_from >= r.age_from and p.age_to <= r.age_to)
             = r.age_to - r.age_from + 1
            then sum(p.persons) filter (where p.age_from >= r.age_from and p.age_to <= r.age_to)
    end as persons
from indicators r
join population p on true
where r.type = 'rate'
group by r.code, p.municipality, p.area_code, p.year, r.age_from, r.age_to;

-- The Parquet extract: the CSV's rows with typed columns. parquet.ts appends the rows to extract_rows (values are
-- bound by the appender, never spliced into SQL) and copies extract_typed to a Parquet file.

create table extract_rows (
    -- what, where, when (as in the CSV, in the same order)
    indicator_label varchar not null,
    indicator       varchar not null,
    area_name       varchar not null,
    area            varchar not null,
    level           integer not null,
    period_label    varchar not null,
    period_start    varchar not null,
    period_end      varchar not null,
    -- the figure and why it looks the way it does
    value           double,
    status_label    varchar not null,
    explanation     varchar not null,
    basis           double,
    lower           double,
    upper           double,
    -- codes for analysts
    unit            varchar not null,
    period          varchar not null,
    status          varchar not null,
    reason          varchar not null,
    uncertain       boolean not null
);

create view extract_typed as
with source as (
    select * from extract_rows
),

typed as (
    select
        indicator_label,
        indicator,
        area_name,
        area,
        level,
        period_label,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        value,
        status_label,
        explanation,
        basis,
        lower,
        upper,
        unit,
        period,
        status,
        reason,
        uncertain
    from source
)

select * from typed;

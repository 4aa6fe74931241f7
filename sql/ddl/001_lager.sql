-- The lager: aggregates only. No attribute of a person, no free text, no address is ever stored here.

create table if not exists schema_migrations (
    version     integer primary key,
    applied_at  timestamptz not null
);

-- ledger ---------------------------------------------------------------------------------------------------------
create table if not exists runs (
    run_id          varchar primary key,
    command         varchar not null,
    started_at      timestamptz not null,
    finished_at     timestamptz,
    status          varchar not null,              -- running | ok | failed
    deliveries_loaded   integer default 0,
    deliveries_refused  integer default 0,
    deliveries_duplicate integer default 0,
    message         varchar
);

create table if not exists deliveries (
    delivery_id     varchar primary key,
    municipality    varchar not null,
    actor           varchar not null,
    kind            varchar,
    file_name       varchar not null,              -- identity numbers redacted
    sha256          varchar not null,
    size_bytes      bigint not null,
    received_at     timestamptz not null,
    period_start    date,
    period_end      date,
    period_source   varchar,                       -- file name | sheet | option | data
    status          varchar not null,              -- loaded | refused | duplicate
    rows_read       integer not null default 0,
    rows_accepted   integer not null default 0,
    rows_rejected   integer not null default 0,
    rows_unmapped   integer not null default 0,
    duplicate_of    varchar,
    run_id          varchar not null,
    receipt_file    varchar
);

create table if not exists replacements (
    delivery_id           varchar not null,        -- the new delivery
    replaced_delivery_id  varchar not null,
    period_start          date not null,
    period_end            date not null,
    facts_removed         integer not null
);

-- facts: one row per indicator x area x period, per delivery that supplied it ------------------------------------
create table if not exists facts (
    municipality    varchar not null,
    indicator       varchar not null,
    area_code       varchar not null,              -- reporting level code or 'okand'
    grain           varchar not null,              -- day | month | term | year
    period_start    date not null,
    period_end      date not null,
    count           bigint not null,
    value           double not null,
    numerator       double,
    denominator     double,
    actor           varchar not null,
    kind            varchar not null,
    delivery_id     varchar not null
);

-- match keys for incidents reported by several actors (source, kind, area, minute: nothing else) ---------------
create table if not exists match_keys (
    municipality    varchar not null,
    indicator       varchar not null,              -- the combined indicator the key serves
    actor           varchar not null,
    kind            varchar not null,
    area_code       varchar not null,
    finest_code     varchar,
    event_date      date not null,
    minute          timestamp,
    delivery_id     varchar not null
);

-- reference data --------------------------------------------------------------------------------------------------
create table if not exists registers (
    register_id     varchar primary key,
    kind            varchar not null,              -- nyko | addresses | boundaries | population
    file_name       varchar not null,
    sha256          varchar not null,
    rows            integer not null,
    imported_at     timestamptz not null
);

create table if not exists areas (
    municipality    varchar not null,
    code            varchar not null,
    level           integer not null,
    name            varchar not null,
    parent_code     varchar,
    valid_from      date not null,
    valid_to        date,
    register_id     varchar not null
);

create table if not exists population (
    municipality    varchar not null,
    area_code       varchar not null,
    year            integer not null,
    age_band        varchar not null,              -- '0-17', '18+', 'totalt', ...
    age_from        integer,                       -- null for totalt
    age_to          integer,                       -- null for open bands and totalt
    persons         bigint not null,
    register_id     varchar not null
);

create table if not exists indicators (
    code            varchar primary key,
    label           varchar not null,
    unit            varchar not null,
    type            varchar not null,
    kinds           varchar[],
    rate_of         varchar,
    age_from        integer,
    age_to          integer,
    per             double,
    window_minutes  integer,
    description     varchar
);

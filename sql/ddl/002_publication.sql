-- The publication layer: recomputed each run from the lager; everything an actor receives comes from here.

create table if not exists publication (
    municipality    varchar not null,
    indicator       varchar not null,
    area_code       varchar not null,              -- NYKO3, a parent, the municipality or 'okand'
    period_key      varchar not null,              -- '2025-03', '2025-Q1', '2025', 'R12:2025-06'
    value           double,                        -- null when suppressed ('..')
    status          varchar not null,              -- published | suppressed_primary | suppressed_secondary | perturbed
    reason          varchar not null,
    basis           double,                        -- denominator of a share or rate, when publishable
    lower           double,
    upper           double,
    uncertain       boolean not null default false,
    true_count      double,                        -- internal: the exact count behind the figure (never in an extract)
    run_id          varchar not null
);

-- What the intruder knows: every table that left, with its structure and released cells (and, internally, the
-- true counts at release time so that revisions can be recognised).
create table if not exists outflow (
    outflow_id      varchar primary key,
    released_at     timestamptz not null,
    subject         varchar not null,              -- indicator code, or the file name of an ad-hoc table
    kind            varchar not null,              -- cube | adhoc
    recipient       varchar,
    method          varchar not null,
    entry           json not null                  -- the OutflowEntry (structure, parameters, cells)
);

-- Each extract produced for a view and due date (the schedule's memory: a due date is produced once).
create table if not exists extracts (
    view_name       varchar not null,
    actor           varchar not null,
    due_date        date not null,
    as_of           date not null,
    produced_at     timestamptz not null,
    run_id          varchar not null,
    directory       varchar not null,
    manifest_sha256 varchar not null,
    primary key (view_name, due_date)
);

-- Suppression audit per run: how many cells of each indicator were suppressed and why.
create table if not exists publication_audit (
    run_id          varchar not null,
    indicator       varchar not null,
    method          varchar not null,
    cells           integer not null,
    primary_cells   integer not null,
    secondary_cells integer not null,
    perturbed_cells integer not null,
    hidden_count    double not null,               -- sum of true counts in suppressed leaf cells
    total_count     double not null,
    millis          integer not null
);

-- Timings of each stage of a run (ingest, publish, views), for the operator and the benchmark.
create table if not exists run_stages (
    run_id          varchar not null,
    stage           varchar not null,
    millis          integer not null,
    detail          varchar
);

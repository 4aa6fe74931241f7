-- The indicator catalogue of lagesbild.yaml, mirrored in the lager so SQL (rates, shares) and analysts can use it.
delete from indicators where code = $code;

insert into indicators (code, label, unit, type, kinds, rate_of, age_from, age_to, per, window_minutes, description)
values ($code, $label, $unit, $type, string_split($kinds, ','), $rate_of, $age_from, $age_to, $per, $window_minutes, $description);

CREATE AGGREGATE my_percentile(float8 ORDER BY float8) (
    SFUNC = ordered_set_transition, STYPE = internal,
    FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA);

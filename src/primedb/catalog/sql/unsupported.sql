-- name: unsupported
-- Everything in the user schemas (or the database) that the catalog model
-- cannot represent, as (kind, name) rows; read_catalog refuses a database
-- that has any. Objects of extensions do not count.
WITH ns AS (
  SELECT n.oid FROM pg_catalog.pg_namespace AS n
  WHERE left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'
), ext AS (
  SELECT d.classid, d.objid FROM pg_catalog.pg_depend AS d WHERE d.deptype = 'e'
), user_relations AS (
  SELECT c.* FROM pg_catalog.pg_class AS c JOIN ns ON ns.oid = c.relnamespace
  WHERE NOT EXISTS (SELECT 1 FROM ext
                    WHERE ext.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                      AND ext.objid = c.oid)
)
SELECT u.kind, u.name FROM (
  SELECT 'foreign table' AS kind, c.oid::pg_catalog.regclass::text AS name
  FROM user_relations AS c WHERE c.relkind = 'f'
  UNION ALL
  SELECT 'rule', pg_catalog.quote_ident(w.rulename) || ' on ' || c.oid::pg_catalog.regclass::text
  FROM pg_catalog.pg_rewrite AS w JOIN user_relations AS c ON c.oid = w.ev_class
  WHERE w.rulename <> '_RETURN'
  UNION ALL
  SELECT 'typed table', c.oid::pg_catalog.regclass::text
  FROM user_relations AS c WHERE c.reloftype <> 0
  UNION ALL
  SELECT 'relation in a tablespace',
         c.oid::pg_catalog.regclass::text || ' (tablespace ' || s.spcname || ')'
  FROM user_relations AS c JOIN pg_catalog.pg_tablespace AS s ON s.oid = c.reltablespace
  WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I')
  UNION ALL
  SELECT 'table access method',
         c.oid::pg_catalog.regclass::text || ' (using ' || a.amname || ')'
  FROM user_relations AS c JOIN pg_catalog.pg_am AS a ON a.oid = c.relam
  WHERE c.relkind IN ('r', 'm') AND a.amname <> 'heap'
  UNION ALL
  SELECT 'replica identity', c.oid::pg_catalog.regclass::text
  FROM user_relations AS c WHERE c.relkind IN ('r', 'p') AND c.relreplident <> 'd'
  UNION ALL
  SELECT 'column storage setting',
         c.oid::pg_catalog.regclass::text || '.' || pg_catalog.quote_ident(a.attname)
  FROM user_relations AS c
  JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid
  JOIN pg_catalog.pg_type AS t ON t.oid = a.atttypid
  WHERE c.relkind IN ('r', 'p', 'm') AND a.attnum > 0 AND NOT a.attisdropped
    AND (a.attstorage <> t.typstorage OR a.attcompression <> ''
         OR a.attoptions IS NOT NULL OR a.attfdwoptions IS NOT NULL)
  UNION ALL
  SELECT 'event trigger', pg_catalog.quote_ident(e.evtname)
  FROM pg_catalog.pg_event_trigger AS e
  WHERE NOT EXISTS (SELECT 1 FROM ext
                    WHERE ext.classid = 'pg_catalog.pg_event_trigger'::pg_catalog.regclass
                      AND ext.objid = e.oid)
  UNION ALL
  SELECT 'operator', o.oid::pg_catalog.regoperator::text
  FROM pg_catalog.pg_operator AS o JOIN ns ON ns.oid = o.oprnamespace
  WHERE NOT EXISTS (SELECT 1 FROM ext
                    WHERE ext.classid = 'pg_catalog.pg_operator'::pg_catalog.regclass
                      AND ext.objid = o.oid)
  UNION ALL
  SELECT 'window function', p.oid::pg_catalog.regprocedure::text
  FROM pg_catalog.pg_proc AS p JOIN ns ON ns.oid = p.pronamespace
  WHERE p.prokind = 'w'
    AND NOT EXISTS (SELECT 1 FROM ext
                    WHERE ext.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                      AND ext.objid = p.oid)
  UNION ALL
  SELECT CASE t.typtype WHEN 'r' THEN 'range type' WHEN 'b' THEN 'base type' ELSE 'pseudo-type' END,
         t.oid::pg_catalog.regtype::text
  FROM pg_catalog.pg_type AS t JOIN ns ON ns.oid = t.typnamespace
  WHERE t.typtype IN ('r', 'b', 'p')
    AND NOT (t.typelem <> 0
             AND t.typsubscript = 'pg_catalog.array_subscript_handler'::pg_catalog.regproc)
    AND NOT EXISTS (SELECT 1 FROM ext
                    WHERE ext.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
                      AND ext.objid = t.oid)
  UNION ALL
  SELECT 'operator class', pg_catalog.pg_describe_object(
           'pg_catalog.pg_opclass'::pg_catalog.regclass, o.oid, 0)
  FROM pg_catalog.pg_opclass AS o JOIN ns ON ns.oid = o.opcnamespace
  WHERE NOT EXISTS (SELECT 1 FROM ext
                    WHERE ext.classid = 'pg_catalog.pg_opclass'::pg_catalog.regclass
                      AND ext.objid = o.oid)
  UNION ALL
  SELECT 'operator family', pg_catalog.pg_describe_object(
           'pg_catalog.pg_opfamily'::pg_catalog.regclass, o.oid, 0)
  FROM pg_catalog.pg_opfamily AS o JOIN ns ON ns.oid = o.opfnamespace
  WHERE NOT EXISTS (SELECT 1 FROM ext
                    WHERE ext.classid = 'pg_catalog.pg_opfamily'::pg_catalog.regclass
                      AND ext.objid = o.oid)
  UNION ALL
  SELECT 'conversion', pg_catalog.quote_ident(c.conname)
  FROM pg_catalog.pg_conversion AS c JOIN ns ON ns.oid = c.connamespace
  UNION ALL
  SELECT 'text search configuration', c.oid::pg_catalog.regconfig::text
  FROM pg_catalog.pg_ts_config AS c JOIN ns ON ns.oid = c.cfgnamespace
  UNION ALL
  SELECT 'text search dictionary', d.oid::pg_catalog.regdictionary::text
  FROM pg_catalog.pg_ts_dict AS d JOIN ns ON ns.oid = d.dictnamespace
  UNION ALL
  SELECT 'text search parser', pg_catalog.quote_ident(p.prsname)
  FROM pg_catalog.pg_ts_parser AS p JOIN ns ON ns.oid = p.prsnamespace
  UNION ALL
  SELECT 'text search template', pg_catalog.quote_ident(t.tmplname)
  FROM pg_catalog.pg_ts_template AS t JOIN ns ON ns.oid = t.tmplnamespace
  UNION ALL
  SELECT 'statistics object', pg_catalog.quote_ident(s.stxname)
  FROM pg_catalog.pg_statistic_ext AS s JOIN ns ON ns.oid = s.stxnamespace
  UNION ALL
  SELECT 'cast', pg_catalog.format_type(c.castsource, NULL) || ' AS '
                 || pg_catalog.format_type(c.casttarget, NULL)
  FROM pg_catalog.pg_cast AS c
  WHERE c.oid >= 16384
    AND NOT EXISTS (SELECT 1 FROM ext
                    WHERE ext.classid = 'pg_catalog.pg_cast'::pg_catalog.regclass
                      AND ext.objid = c.oid)
  UNION ALL
  SELECT 'transform', pg_catalog.pg_describe_object(
           'pg_catalog.pg_transform'::pg_catalog.regclass, t.oid, 0)
  FROM pg_catalog.pg_transform AS t
  WHERE NOT EXISTS (SELECT 1 FROM ext
                    WHERE ext.classid = 'pg_catalog.pg_transform'::pg_catalog.regclass
                      AND ext.objid = t.oid)
  UNION ALL
  SELECT 'language', pg_catalog.quote_ident(l.lanname)
  FROM pg_catalog.pg_language AS l
  WHERE l.oid >= 16384
    AND NOT EXISTS (SELECT 1 FROM ext
                    WHERE ext.classid = 'pg_catalog.pg_language'::pg_catalog.regclass
                      AND ext.objid = l.oid)
  UNION ALL
  SELECT 'access method', pg_catalog.quote_ident(a.amname)
  FROM pg_catalog.pg_am AS a
  WHERE a.oid >= 16384
    AND NOT EXISTS (SELECT 1 FROM ext
                    WHERE ext.classid = 'pg_catalog.pg_am'::pg_catalog.regclass
                      AND ext.objid = a.oid)
  UNION ALL
  SELECT 'foreign-data wrapper', pg_catalog.quote_ident(w.fdwname)
  FROM pg_catalog.pg_foreign_data_wrapper AS w
  WHERE NOT EXISTS (SELECT 1 FROM ext
                    WHERE ext.classid = 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass
                      AND ext.objid = w.oid)
  UNION ALL
  SELECT 'foreign server', pg_catalog.quote_ident(s.srvname)
  FROM pg_catalog.pg_foreign_server AS s
  UNION ALL
  SELECT 'publication', pg_catalog.quote_ident(p.pubname)
  FROM pg_catalog.pg_publication AS p
  UNION ALL
  SELECT 'subscription', pg_catalog.quote_ident(s.subname)
  FROM pg_catalog.pg_subscription AS s
  JOIN pg_catalog.pg_database AS db ON db.oid = s.subdbid AND db.datname = pg_catalog.current_database()
  UNION ALL
  SELECT 'security label', pg_catalog.pg_describe_object(l.classoid, l.objoid, l.objsubid)
  FROM pg_catalog.pg_seclabel AS l
) AS u
ORDER BY u.kind, u.name;

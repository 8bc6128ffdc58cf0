"""Names changed inside printed definitions the way PostgreSQL prints them after a rename."""

from primedb.diff.substitute import rename_column, rename_qualified, rename_referenced_columns


def test_a_qualified_name_and_its_default_alias_follow_a_table_rename() -> None:
    view = "SELECT customers.name, o.id FROM (public.customers JOIN public.orders o ON true)"
    assert rename_qualified(view, "public", "customers", "clients", aliases=True) == (
        "SELECT clients.name, o.id FROM (public.clients JOIN public.orders o ON true)"
    )


def test_strings_and_bodies_stay_but_a_regclass_literal_follows() -> None:
    default = "nextval('public.old_seq'::regclass)"
    assert rename_qualified(default, "public", "old_seq", "new_seq") == (
        "nextval('public.new_seq'::regclass)"
    )
    text = "SELECT 'public.old_seq', $$ public.old_seq $$"
    assert rename_qualified(text, "public", "old_seq", "new_seq") == text
    # Another schema's object of the same name is another object.
    assert rename_qualified("app.old_seq", "public", "old_seq", "x") == "app.old_seq"


def test_a_column_rename_changes_bare_references_only() -> None:
    check = (
        "CHECK (((total > 0) AND (total(x) > 1) AND (y.total = 1) AND ('total' <> total::text)))"
    )
    assert rename_column(check, "total", "amount") == (
        "CHECK (((amount > 0) AND (total(x) > 1) AND (y.total = 1) AND ('total' <> amount::text)))"
    )
    when = "WHEN ((new.total IS DISTINCT FROM old.total))"
    assert rename_column(when, "total", "amount", frozenset({"new", "old"})) == (
        "WHEN ((new.amount IS DISTINCT FROM old.amount))"
    )
    quoted = rename_column('CHECK (("Total" > 0))', "Total", "New Name")
    assert quoted == 'CHECK (("New Name" > 0))'


def test_referenced_columns_of_one_table_only() -> None:
    fk = "FOREIGN KEY (id) REFERENCES public.parents(id) ON DELETE CASCADE"
    assert rename_referenced_columns(fk, "public", "parents", "id", "key") == (
        "FOREIGN KEY (id) REFERENCES public.parents(key) ON DELETE CASCADE"
    )
    assert rename_referenced_columns(fk, "public", "others", "id", "key") == fk

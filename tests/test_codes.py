from juesuan.model.codes import ancestors, economic_codes, functional_codes, level_of


def test_codes_nest_by_prefix():
    assert ancestors("2010301") == ("201", "20103")
    assert ancestors("30101") == ("301",)
    assert [level_of(c) for c in ("201", "20103", "2010301", "20", "abc")] == ["类", "款", "项", None, None]


def test_shipped_tables_have_the_reference_rows():
    assert len(functional_codes()) == 829
    assert len(economic_codes()) == 112
    assert functional_codes().name("2010301") == "行政运行"
    assert economic_codes().name("30101") == "基本工资"


def test_unknown_code_is_a_value_not_an_error():
    assert functional_codes().get("2999999") is None
    assert "2999999" not in functional_codes()

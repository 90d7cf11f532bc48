import pytest

from ticms.common.citations import cn_to_int, localize


@pytest.mark.parametrize(
    ("text", "n"),
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十五", 25), ("二十八", 28)],
)
def test_cn_to_int(text, n):
    assert cn_to_int(text) == n


@pytest.mark.parametrize(
    ("citation", "english"),
    [
        ("第十二条第1项", "Art. 12(1)"),
        ("第四条", "Art. 4"),
        ("第二十五条", "Art. 25"),
        ("第十四至十七条", "Arts. 14–17"),
        # Several citations: English separators, not 、/；
        ("第二十三条、第八条第3项", "Art. 23, Art. 8(3)"),
        ("第七条第2项；第二十三条", "Art. 7(2); Art. 23"),
        ("", ""),
    ],
)
def test_english_citations(citation, english):
    assert localize(citation, "en") == english
    assert localize(citation, "zh-hans") == citation

import numpy as np
import pytest

from babelwire.ann import LeadIndex
from babelwire.embed import LanguageMeans, embedding_mode, encode
from babelwire.fast import StaticTable, has_table, tokenize


def test_tokenize_keeps_marks_and_splits_cjk_into_bigrams():
    assert tokenize("पुतिन ने किया") == ["पुतिन", "ने", "किया"]  # vowel signs stay in the word
    assert tokenize("東京で地震") == ["東京", "京で", "で地", "地震"]
    assert tokenize("Putin said 3 COVID19") == ["putin", "said", "covid19"]


def test_table_round_trip_and_postprocessing(tmp_path):
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((3, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    table = StaticTable({"putin": 0, "kremlin": 1, "the": 2}, vectors, np.array([1.0, 1.0, 0.01], np.float32),
                        np.zeros((0, 384), np.float32), {"en": np.zeros(384, np.float32)})
    table.save(tmp_path / "t.npz")
    loaded = StaticTable.load(tmp_path / "t.npz")
    out = loaded.text_vectors(["Putin the Kremlin", "nothing known"], ["en", None])
    assert out.shape == (2, 384)
    assert abs(np.linalg.norm(out[0]) - 1) < 1e-3 and not out[1].any()  # unknown words: zero vector
    assert loaded.coverage(["Putin unknown"]) == 0.5


@pytest.mark.skipif(not has_table(), reason="no static table built")
def test_static_mode_encodes_without_the_transformer():
    with embedding_mode("static"):
        vectors = encode(["Kremlin says no comment", "Кремль не комментирует"], ["en", "ru"])
    assert vectors.shape == (2, 384)
    assert LanguageMeans(space="static").prior("lead", "en").any() == False  # noqa: E712


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        with embedding_mode("nonsense"):
            pass


def test_lead_index_finds_neighbours_within_the_time_window():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((500, 384)).astype(np.float32)
    index = LeadIndex()
    index.add(x, np.arange(500, dtype=np.float64) * 24.0)  # one a day
    assert index.search(x[42], 5)[0] == 42
    near = index.search(x[42], 5, hours=42 * 24.0, window_days=3)
    assert near and near[0] == 42 and all(abs(k - 42) <= 3 for k in near)
    assert index.search(x[42], 5, hours=400 * 24.0, window_days=3)[:1] != [42]

from collections import Counter

from zhichuang.similarity import engine


def test_normalise_maps_synonyms_to_one_word():
    assert engine.normalise("马达耗电量减少") == "电机能耗降低"
    assert engine.normalise("电动机能源消耗下降") == "电机能耗降低"


def test_normalise_prefers_the_longest_synonym():
    # 节能降耗 is one phrase, not 节能 (→ 节约) followed by 降耗.
    assert engine.normalise("节能降耗") == "降低能耗"


def test_normalise_drops_particles_and_folds_width_and_case():
    assert engine.normalise("电机的温度") == "电机温度"
    assert engine.normalise("ＰＬＣ控制") == "plc控制"


def test_tokens_are_characters_bigrams_and_latin_words():
    assert engine.tokens("焊缝检测 PLC 2024") == ["焊", "接", "检", "测", "焊接", "接检", "检测", "plc"]


def test_tokens_of_empty_or_symbol_text():
    assert engine.tokens("") == []
    assert engine.tokens("，。！ 123") == []


def test_term_hash_is_stable_signed_32_bit():
    value = engine.term_hash("电机")
    assert value == engine.term_hash("电机")
    assert -(2**31) <= value < 2**31
    assert engine.term_hash("电机") != engine.term_hash("机电")


def _signature(text, frequency=None, documents=10):
    return engine.signature(engine.term_counts(text), frequency or {}, documents)


def test_signature_round_trips_through_bytes():
    sig = _signature("空压机加装变频器降低能耗")
    decoded = engine.Signature.decode(sig.encode())
    assert decoded.terms == sig.terms
    assert all(abs(a - b) < 1e-4 for a, b in zip(decoded.weights, sig.weights, strict=True))
    assert len(sig.encode()) == 6 * len(sig.terms)


def test_signature_keeps_the_heaviest_terms_only():
    text = "".join(chr(0x4E00 + i) for i in range(200))
    assert len(_signature(text).terms) == engine.SIGNATURE_TERMS


def test_signature_weighs_rare_terms_above_common_ones():
    counts = engine.term_counts("电机轴承")
    common = {term: 9 for term in counts}
    common[engine.term_hash("轴承")] = 0
    sig = engine.signature(counts, common, 10)
    assert sig.terms[0] == engine.term_hash("轴承")


def test_cosine_orders_paraphrase_above_unrelated_text():
    query = _signature("空压机加装变频器降低能耗，按管网压力调节转速").as_dict()
    same = _signature("空压机降低耗电量：加装变频器，根据压力调节转速")
    related = _signature("空压机储气罐自动排水改造")
    unrelated = _signature("食堂排烟罩清洗改进")
    scores = [engine.cosine(query, s) for s in (same, related, unrelated)]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > 0.5
    assert scores[2] == 0


def test_cosine_of_identical_text_is_one():
    sig = _signature("钢包加盖保温降低出钢温度")
    assert abs(engine.cosine(sig.as_dict(), engine.Signature.decode(sig.encode())) - 1) < 1e-3


def test_posting_terms_skip_common_terms():
    sig = _signature("电机轴承温度")
    frequency = Counter({term: 1 for term in sig.terms})
    frequency[sig.terms[0]] = 100
    chosen = engine.posting_terms(sig, frequency, cap=50, size=3)
    assert sig.terms[0] not in chosen
    assert chosen == list(sig.terms[1:4])


def test_posting_terms_of_common_words_only_are_the_rarest_ones():
    sig = _signature("建议食堂增加菜品")
    frequency = Counter({term: 100 + i for i, term in enumerate(reversed(sig.terms))})
    chosen = engine.posting_terms(sig, frequency, cap=50, size=40)
    assert chosen == list(reversed(sig.terms))[: engine.MIN_POSTING_TERMS]

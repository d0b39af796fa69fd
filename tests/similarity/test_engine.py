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


def test_signature_of_a_short_text_keeps_every_term():
    text = "空压机加装变频器降低能耗"
    assert set(_signature(text).terms) == set(engine.term_counts(text))


def test_signature_of_a_long_text_keeps_every_term_up_to_the_storage_bound():
    long = LONG_ORIGINAL  # 135 distinct terms: none dropped
    assert set(_signature(long).terms) == set(engine.term_counts(long))
    huge = "".join(chr(0x4E00 + i) for i in range(200))  # 399 distinct terms
    sig = _signature(huge)
    assert len(sig.terms) == engine.SIGNATURE_MAX_TERMS
    assert abs(sum(w * w for w in sig.weights) - 1) < 1e-9


# A long colloquial paraphrase of a long proposal, and a proposal about the same pump that is another idea
# (from the labelled set, data/labelled_ideas.txt "long-coolant-pump").
LONG_ORIGINAL = (
    "数控车床冷却泵频繁烧坏改造\n我们机加车间十二台数控车床的冷却泵三天两头烧，拆开一看都是铁屑和切削液里的油泥"
    "把叶轮卡死了，电机一堵转就烧线圈，一年光换泵就花了两万多，还耽误活。建议在水箱回液口加一道磁性分离器和滤网，"
    "把铁屑先吸出来，再给泵加个过载保护，卡住就跳闸不烧电机。"
)
LONG_PARAPHRASE = (
    "冷却泵老坏咋整\n车床那个冷却水泵隔几天就坏一个，师傅们都烦了。我看了下，是切屑和油泥顺着回水流进箱子，"
    "把泵的叶轮给堵死，马达转不动就烧了。换一台泵好几百块，一年下来两万多块钱打水漂。我想在回水那块装个磁铁分离"
    "的东西把铁末吸掉，再加层过滤网，泵上配个热继电器，堵了就断电，马达就不会烧。"
)
LONG_OTHER_IDEA = (
    "冷却泵电机更换为高效节能电机\n车间冷却泵用的还是老式的Y系列电机，效率低发热大，十几台一年电费不少。"
    "建议到期更换时统一换成二级能效的永磁电机，同样的流量功率能降一截，夏天电机也不烫手了。"
)


def _corpus_signatures(texts):
    counts = [engine.term_counts(t) for t in texts]
    frequency = Counter(term for c in counts for term in c)
    return [engine.signature(c, frequency, len(texts)) for c in counts], frequency


def test_long_paraphrase_scores_as_a_duplicate_and_the_other_idea_below_it():
    (original, paraphrase, other), _frequency = _corpus_signatures([LONG_ORIGINAL, LONG_PARAPHRASE, LONG_OTHER_IDEA])
    same = engine.cosine(original.as_dict(), paraphrase)
    different = engine.cosine(original.as_dict(), other)
    # (Three texts make a corpus whose IDF is far from a city's: the thresholds are tested in test_selectors.)
    assert same > 2 * different
    # With the 64 heaviest terms only (the old signature) the two kept fewer terms in common and scored lower.
    original64, paraphrase64 = (
        engine.signature(engine.term_counts(t), _frequency, 3, size=64) for t in (LONG_ORIGINAL, LONG_PARAPHRASE)
    )
    assert engine.cosine(original64.as_dict(), paraphrase64) < same


def test_short_paraphrase_still_scores_as_a_duplicate():
    (original, paraphrase, other), _ = _corpus_signatures(
        [
            "空压机加装变频器降低能耗\n车间空压机工频运行，用气量小时仍满负荷，电费高。加装变频器按管网压力调节转速。",
            "空气压缩机变频改造节约用电\n空气压缩机一直全速转，用气少的时候也在耗电。改成变频控制，根据气压自动调速。",
            "空压机储气罐自动排水改造\n储气罐底部积水靠人工每天排放，经常忘记。加装电子自动排水阀，定时排水。",
        ]
    )
    assert engine.cosine(original.as_dict(), paraphrase) > engine.cosine(original.as_dict(), other)


def test_a_long_text_is_posted_under_more_terms_than_a_short_one():
    short_text = "冷却泵电机更换为高效节能电机"
    sigs, frequency = _corpus_signatures([short_text, LONG_ORIGINAL])
    short, long = (engine.posting_terms(sig, frequency, cap=10) for sig in sigs)
    assert len(long) > 2 * len(short)
    # The postings hold the signature's heaviest terms up to POSTING_MASS of its squared weight.
    weights = sigs[1].weights
    assert sum(w * w for w in weights[: len(long)]) >= engine.POSTING_MASS - 1e-9
    assert sum(w * w for w in weights[: len(long) - 1]) < engine.POSTING_MASS


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
    chosen = engine.posting_terms(sig, frequency, cap=50)
    assert sig.terms[0] not in chosen
    assert chosen == list(sig.terms[1 : len(chosen) + 1])


def test_posting_terms_of_common_words_only_are_the_rarest_ones():
    sig = _signature("建议食堂增加菜品")
    frequency = Counter({term: 100 + i for i, term in enumerate(reversed(sig.terms))})
    chosen = engine.posting_terms(sig, frequency, cap=50)
    assert chosen == list(reversed(sig.terms))[: engine.MIN_POSTING_TERMS]


def test_cosine_encoded_scores_like_the_decoded_signature():
    (original, paraphrase, other), _ = _corpus_signatures([LONG_ORIGINAL, LONG_PARAPHRASE, LONG_OTHER_IDEA])
    query = original.as_dict()
    for sig in (original, paraphrase, other):
        decoded = engine.cosine(query, engine.Signature.decode(sig.encode()))
        assert abs(engine.cosine_encoded(query, sig.encode()) - decoded) < 1e-12
    assert engine.cosine_encoded(query, b"") == 0

"""Text signals on realistic bullets and answers from SRE, platform, backend, product and
data/ML engineers: what each signal finds, what it must not find, and honest evidence spans."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from coach.calibration import MetricKind, Span, TextSignals, Voice, text_signals
from coach.profile import Level


def texts(spans) -> list[str]:
    return [getattr(s, "span", s).text for s in spans]


def all_spans(signals: TextSignals) -> list[Span]:
    found: list[Span] = []
    for field in dataclasses.fields(signals):
        value = getattr(signals, field.name)
        if isinstance(value, tuple):
            found.extend(getattr(item, "span", item) for item in value)
    return found


SRE_BULLET = (
    "Cut on-call pages from 30 to 6 a week within two quarters by rewriting alert rules "
    "for 40 services."
)
PLATFORM_ANSWER = (
    "I noticed nobody owned the flaky CI problem, so I proposed a shared build platform. "
    "I convinced the payments and search teams to adopt it over two years, and other teams "
    "adopted it once the RFC was accepted. In hindsight I would have involved the security "
    "team earlier."
)
BACKEND_WE = (
    "We rebuilt the order service and we made it a lot faster. Our team was happy with it and "
    "we shipped on time."
)
PRODUCT_ANSWER = (
    "Our checkout conversion was stuck at 2.1%. I partnered with the PM and two designers, "
    "and I decided to drop the account step; conversion rose to 2.6% in six weeks, about "
    "$1.2M a year in revenue."
)
DATA_ML_BULLET = (
    "Reduced model training cost by $400K per year by moving 200 training jobs to spot "
    "instances; partnered with the data science team."
)


class TestVoice:
    def test_first_person_answer_reads_as_i(self) -> None:
        signals = text_signals(PLATFORM_ANSWER)
        assert signals.voice is Voice.SINGULAR
        assert texts(signals.singular)[:2] == ["I", "I"]
        assert not signals.all_we

    def test_we_only_story(self) -> None:
        signals = text_signals(BACKEND_WE)
        assert signals.voice is Voice.PLURAL
        assert texts(signals.plural) == ["We", "we", "Our", "we"]
        assert signals.singular == ()
        assert signals.all_we

    def test_mixed_when_neither_dominates(self) -> None:
        signals = text_signals("I proposed the rollout plan and we shipped it together.")
        assert signals.voice is Voice.MIXED
        assert not signals.all_we

    def test_no_pronouns(self) -> None:
        signals = text_signals("The service handles 2,000 QPS at peak.")
        assert signals.voice is Voice.NONE

    def test_bullet_leading_verb_is_the_candidate(self) -> None:
        signals = text_signals("- Led the Kafka migration.\n- Designed the retry policy.")
        assert texts(signals.implicit_singular) == ["Led", "Designed"]
        assert signals.voice is Voice.SINGULAR

    def test_io_ci_and_the_us_are_not_pronouns(self) -> None:
        signals = text_signals("Moved CI to faster I/O disks for the US region.")
        assert signals.singular == ()
        assert signals.plural == ()

    def test_aws_regions_are_not_us(self) -> None:
        assert text_signals("Moved traffic from us-east-1 to us-west-2.").plural == ()

    def test_contractions(self) -> None:
        signals = text_signals("I'd do it again; we're still using it.")
        assert texts(signals.singular) == ["I'd"]
        assert texts(signals.plural) == ["we"]


class TestMetrics:
    @pytest.mark.parametrize(
        ("text", "expected", "kind"),
        [
            ("Reduced p99 latency by 40% for checkout", "40%", MetricKind.PERCENT),
            ("availability went to 99.95 percent", "99.95 percent", MetricKind.PERCENT),
            ("a 3x throughput gain on the feature store", "3x", MetricKind.MULTIPLIER),
            ("a two-fold drop in false alerts", "two-fold", MetricKind.MULTIPLIER),
            ("we halved the cold-start time", "halved", MetricKind.MULTIPLIER),
            ("cut build time in half", "cut build time in half", MetricKind.MULTIPLIER),
            ("saving $1.2M in cloud spend", "$1.2M", MetricKind.MONEY),
            ("worth 300K EUR in licences", "300K EUR", MetricKind.MONEY),
            ("ingests 4 TB of logs daily", "4 TB", MetricKind.QUANTITY),
            ("sustained 2,000 QPS at peak", "2,000 QPS", MetricKind.QUANTITY),
            ("p99 of 120 ms on the search API", "120 ms", MetricKind.QUANTITY),
            ("MTTR is now 45 minutes", "45 minutes", MetricKind.DURATION),
            ("serving 10K users across Europe", "10K users", MetricKind.COUNT),
            ("consolidated 15 services into one", "15 services", MetricKind.COUNT),
            ("for 1.5 million customers", "1.5 million customers", MetricKind.COUNT),
            ("retired twelve legacy pipelines", "twelve legacy pipelines", MetricKind.COUNT),
            ("across thousands of merchants", "thousands of merchants", MetricKind.COUNT),
            ("moved releases from weekly to daily", "from weekly to daily", MetricKind.CHANGE),
        ],
    )
    def test_finds_the_metric(self, text: str, expected: str, kind: MetricKind) -> None:
        metrics = text_signals(text).metrics
        assert [(m.span.text, m.kind) for m in metrics] == [(expected, kind)]

    @pytest.mark.parametrize(
        "text",
        [
            "Led the migration to Python 3 on EC2 and S3.",
            "Improved reliability of the payments platform significantly.",
            "Owned on-call for the team in 2019 and again in 2021.",
            "Worked with 3 teams and mentored 2 engineers.",  # scope and people, not results
            "Joined in Q3 and worked 24/7 during the launch.",
            "Made deploys much faster and easier for the team.",
        ],
    )
    def test_no_metric(self, text: str) -> None:
        assert text_signals(text).metrics == ()

    def test_a_time_frame_is_not_a_duration_metric(self) -> None:
        signals = text_signals("Shipped the new scheduler in the first 90 days.")
        assert signals.metrics == ()
        assert texts(signals.time_frames) == ["in the first 90 days"]

    def test_severities_are_not_counts(self) -> None:
        signals = text_signals("Sev-1 incidents dropped by half after the SLO work.")
        assert [(m.kind, m.span.text) for m in signals.metrics] == [
            (MetricKind.MULTIPLIER, "dropped by half")
        ]
        assert signals.time_frames == ()  # "by half" is not "by Q3"

    def test_years_are_not_counts(self) -> None:
        assert text_signals("In 2019 customers started churning.").metrics == ()

    def test_result_words_without_a_number(self) -> None:
        signals = text_signals("Improved reliability and reduced toil for the team.")
        assert signals.metrics == ()
        assert texts(signals.results) == ["Improved", "reduced"]


class TestBaselineAndTimeFrame:
    def test_from_to_is_a_baseline_and_a_change(self) -> None:
        signals = text_signals(SRE_BULLET)
        assert texts(signals.baselines) == ["from 30 to 6"]
        assert "from 30 to 6" in texts(signals.metrics)
        assert texts(signals.time_frames) == ["a week", "within two quarters"]

    def test_from_to_with_units_on_both_sides(self) -> None:
        signals = text_signals("Cut p99 from 800 ms to 120 ms within a quarter.")
        assert texts(signals.baselines) == ["from 800 ms to 120 ms"]
        assert texts(signals.time_frames) == ["within a quarter"]

    @pytest.mark.parametrize(
        ("text", "baseline"),
        [
            ("Error rate is 0.2%, down from 1.5% last year", "down from"),
            ("Latency fell 30% compared with the old cache", "compared with"),
            ("We set a baseline of 12 incidents a month", "baseline"),
            ("Deploys previously took 3 hours", "previously"),
            ("Builds used to take 40 minutes", "used to take"),
            ("Revenue grew 12% year-over-year", "year-over-year"),
        ],
    )
    def test_baseline_phrases(self, text: str, baseline: str) -> None:
        assert baseline in texts(text_signals(text).baselines)

    def test_a_metric_without_baseline_or_time_frame(self) -> None:
        signals = text_signals("Reduced p99 latency by 40%.")
        assert signals.has_metric
        assert not signals.has_baseline
        assert not signals.has_time_frame

    def test_from_to_between_teams_is_not_a_baseline(self) -> None:
        signals = text_signals("Moved ownership from the payments team to the platform team.")
        assert signals.baselines == ()
        assert signals.metrics == ()

    @pytest.mark.parametrize(
        ("text", "frame"),
        [
            ("rolled out in 3 months", "in 3 months"),
            ("done within a quarter", "within a quarter"),
            ("over six weeks", "over six weeks"),
            ("live by Q3", "by Q3"),
            ("by the end of the year", "by the end of the year"),
            ("saving $80K per year", "per year"),
            ("saving $80K annually", "annually"),
            ("shipped in Q2 2022", "in Q2 2022"),
            ("four weeks after launch", "four weeks after launch"),
            ("$3K/month", "/month"),
        ],
    )
    def test_time_frames(self, text: str, frame: str) -> None:
        assert frame in texts(text_signals(text).time_frames)

    def test_in_half_is_not_a_time_frame(self) -> None:
        assert text_signals("cut build time in half").time_frames == ()


class TestWordSignals:
    def test_stakes(self) -> None:
        signals = text_signals(PRODUCT_ANSWER)
        assert {"conversion", "$", "revenue"} <= set(texts(signals.stakes))

    @pytest.mark.parametrize(
        ("text", "stake"),
        [
            ("Cut the churn of enterprise accounts", "churn"),
            ("kept us inside the SLA", "SLA"),
            ("after a sev-1 outage", "outage"),
            ("to pass the SOC 2 audit", "SOC 2"),
            ("closed a security gap", "security"),
            ("a real risk of data loss", "risk"),
        ],
    )
    def test_stake_phrases(self, text: str, stake: str) -> None:
        assert stake in texts(text_signals(text).stakes)

    def test_purely_technical_text_has_no_stakes(self) -> None:
        signals = text_signals("Rewrote the gRPC interceptor chain and tuned the JVM heap.")
        assert signals.stakes == ()

    @pytest.mark.parametrize(
        ("text", "obstacle"),
        [
            ("The security lead disagreed with the design.", "disagreed"),
            ("I got pushback from the data team.", "pushback"),
            ("The hard deadline was the Black Friday freeze.", "deadline"),
            ("The first rollout failed in one region.", "failed"),
            ("a legacy Perl billing job nobody dared touch", "legacy"),
            ("the trade-off was freshness against cost", "trade-off"),
            ("there was real resistance from ops", "resistance"),
            ("we had no headcount for it", "no headcount"),
        ],
    )
    def test_obstacles(self, text: str, obstacle: str) -> None:
        assert obstacle in texts(text_signals(text).obstacles)

    def test_hard_without_saying_why_is_only_a_hard_word(self) -> None:
        signals = text_signals("It was a challenging and complex project.")
        assert signals.obstacles == ()
        assert texts(signals.hard_words) == ["challenging", "complex"]

    @pytest.mark.parametrize(
        ("text", "decision"),
        [
            ("I decided to shard by tenant.", "I decided"),
            ("I eventually chose Postgres over DynamoDB.", "I eventually chose"),
            ("I pushed for a staged rollout.", "I pushed for"),
            ("I made the call to roll back.", "I made the call"),
            ("It was my call to freeze features.", "It was my call"),
            ("- Proposed and drove the move to Bazel.", "Proposed"),
            ("I recommended buying instead of building.", "I recommended"),
        ],
    )
    def test_own_decisions(self, text: str, decision: str) -> None:
        assert decision in texts(text_signals(text).decisions)

    @pytest.mark.parametrize(
        "text",
        [
            "We decided to shard by tenant.",
            "My manager decided we would use Kafka.",
            "The team chose Postgres.",
        ],
    )
    def test_decisions_that_are_not_the_candidates(self, text: str) -> None:
        signals = text_signals(text)
        assert signals.decisions == ()
        assert signals.others_decisions != ()

    def test_people(self) -> None:
        signals = text_signals(PRODUCT_ANSWER)
        assert texts(signals.people) == ["partnered", "with the PM and two designers"]

    @pytest.mark.parametrize(
        ("text", "person"),
        [
            ("Worked with the SRE team on the rollout.", "Worked with the SRE team"),
            ("I mentored two junior engineers.", "mentored"),
            ("Aligned stakeholders in finance and legal.", "stakeholders"),
            ("a group of 6 engineers", "6 engineers"),
            ("I worked with the analytics, ML and finance teams.",
             "worked with the analytics, ML and finance teams"),
        ],
    )
    def test_people_phrases(self, text: str, person: str) -> None:
        assert person in texts(text_signals(text).people)

    def test_no_people(self) -> None:
        assert text_signals("Tuned the garbage collector and the connection pool.").people == ()

    @pytest.mark.parametrize(
        ("text", "reflection"),
        [
            ("In hindsight I would have measured it first.", "In hindsight"),
            ("Looking back, the migration order was wrong.", "Looking back"),
            ("I would do the rollout differently.", "I would do the rollout differently"),
            ("I learned to write the rollback plan first.", "I learned"),
            ("Next time I'd start with the data contract.", "Next time"),
        ],
    )
    def test_reflection(self, text: str, reflection: str) -> None:
        assert reflection in texts(text_signals(text).reflections)

    def test_no_reflection(self) -> None:
        assert text_signals(SRE_BULLET).reflections == ()


class TestAmbiguityAndInfluence:
    def test_staff_ambiguity_and_influence(self) -> None:
        signals = text_signals(PLATFORM_ANSWER)
        assert [(h.span.text, h.level) for h in signals.ambiguity] == [
            ("nobody owned", Level.STAFF)
        ]
        assert ("other teams adopted", Level.STAFF) in [
            (h.span.text, h.level) for h in signals.influence
        ]
        assert ("RFC was accepted", Level.STAFF) in [
            (h.span.text, h.level) for h in signals.influence
        ]

    @pytest.mark.parametrize(
        ("text", "level"),
        [
            ("The requirements were unclear.", Level.SENIOR),
            ("No one had asked why the batch jobs ran nightly.", Level.STAFF),
            ("I found the problem in how teams shared the cluster.", Level.STAFF),
            ("There were three competing proposals for the event bus.", Level.SENIOR_STAFF),
            ("Two teams disagreed about the direction of the data model.", Level.SENIOR_STAFF),
            ("There was no single right answer on multi-region.", Level.PRINCIPAL),
            ("I rallied the whole org behind the cell architecture.", Level.PRINCIPAL),
        ],
    )
    def test_ambiguity_levels(self, text: str, level: Level) -> None:
        assert max(h.level for h in text_signals(text).ambiguity) is level

    @pytest.mark.parametrize(
        ("text", "level"),
        [
            ("I persuaded my team to adopt trunk-based development.", Level.SENIOR),
            ("Three product teams changed their roadmaps to use it.", Level.STAFF),
            ("I aligned the search and ads teams on one schema.", Level.STAFF),
            ("I wrote the strategy document with our two directors.", Level.SENIOR_STAFF),
            ("I presented the plan to the CTO and the VP of Engineering.", Level.PRINCIPAL),
            ("It became part of the company strategy for 2024.", Level.PRINCIPAL),
        ],
    )
    def test_influence_levels(self, text: str, level: Level) -> None:
        assert max((h.level for h in text_signals(text).influence), key=list(Level).index) is level

    @pytest.mark.parametrize(
        "text",
        [
            "Debugged the pods with kubectl exec across the board.",
            "Broke the monolith into services.",
        ],
    )
    def test_sre_vocabulary_is_not_influence_or_obstacle(self, text: str) -> None:
        signals = text_signals(text)
        assert signals.influence == ()
        assert signals.obstacles == ()

    def test_no_ambiguity_or_influence_in_a_plain_bullet(self) -> None:
        signals = text_signals("Rewrote the billing export in Go.")
        assert signals.ambiguity == ()
        assert signals.influence == ()


class TestLowerLevelMarkers:
    def test_assigned_work(self) -> None:
        signals = text_signals("My manager asked me to look at the checkout latency.")
        assert texts(signals.assigned) == ["My manager asked"]

    def test_i_was_tasked(self) -> None:
        signals = text_signals("I was tasked with the upgrade.")
        assert texts(signals.assigned) == ["I was tasked with"]

    def test_more_meetings(self) -> None:
        signals = text_signals("Nobody agreed, so I scheduled more meetings with both teams.")
        assert texts(signals.meetings) == ["scheduled more meetings"]


class TestEvidenceSpans:
    @pytest.mark.parametrize(
        "text", [SRE_BULLET, PLATFORM_ANSWER, BACKEND_WE, PRODUCT_ANSWER, DATA_ML_BULLET]
    )
    def test_every_span_points_at_its_text(self, text: str) -> None:
        signals = text_signals(text)
        spans = all_spans(signals)
        assert spans
        for span in spans:
            assert text[span.start : span.end] == span.text

    def test_spans_within_a_signal_do_not_overlap(self) -> None:
        signals = text_signals("I pushed back and there was pushback; we pushed back too.")
        spans = signals.obstacles
        for a, b in itertools.pairwise(spans):
            assert a.end <= b.start

    def test_deterministic(self) -> None:
        assert text_signals(PRODUCT_ANSWER) == text_signals(PRODUCT_ANSWER)

    def test_empty_text(self) -> None:
        signals = text_signals("")
        assert signals.voice is Voice.NONE
        assert all_spans(signals) == []
        assert signals.word_count == 0

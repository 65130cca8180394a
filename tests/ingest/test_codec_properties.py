"""Property tests: decode(encode(r)) == r, and the decoder never raises on arbitrary bytes."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from onefactory.ingest import decode, decode_lenient, encode, ingest_topic
from onefactory.model import VALUE_LIMIT, Reading

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
codes = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zs"), blacklist_characters="+#/."), min_size=1, max_size=10
).filter(lambda s: s != "_")
times = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2026, 3, 2, 12), timezones=st.just(UTC))
values = st.floats(-VALUE_LIMIT, VALUE_LIMIT) | st.integers(-(2**53), 2**53)


@st.composite
def readings(draw: st.DrawFn) -> list[Reading]:
    member = draw(codes)
    return draw(
        st.lists(
            st.builds(
                Reading,
                member=st.just(member),
                resource=codes,
                signal=codes,
                ts=times,
                value=values,
                site=st.just("") | codes,
            ),
            min_size=1,
            max_size=8,
        )
    )


@given(readings())
def test_decode_encode_round_trip(batch):
    decoded = decode(ingest_topic(batch[0].member), encode(batch), received_at=NOW)
    assert decoded == batch


@settings(max_examples=200)
@given(st.binary(max_size=200), st.sampled_from(["of/A/S/M/t", "of/A/S/M/_", "of/A/ingest"]))
def test_lenient_decode_never_raises_and_accounts_for_the_message(payload, topic):
    result = decode_lenient(topic, payload, received_at=NOW)
    assert result.readings or result.rejections

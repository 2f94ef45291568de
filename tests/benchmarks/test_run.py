"""benchmarks/run.py writes RESULTS.md from a saved report: each section on its own."""

import copy

from benchmarks.run import render
from tests.benchmarks.report_sample import REPORT


def headings(text):
    return [line for line in text.splitlines() if line.startswith("#")]


def test_every_measured_section_is_written_in_order():
    assert headings(render(REPORT)) == [
        "# Benchmark results",
        "## Machine",
        "## 1. Public pages at scale",
        "## 2. Registration surge",
        "## 3. CSV export",
        "## 4. Test suite",
    ]


def test_a_section_that_was_not_run_is_left_out():
    report = {k: v for k, v in REPORT.items() if k not in ("pages", "surge", "tests")}
    assert headings(render(report)) == ["# Benchmark results", "## Machine", "## 3. CSV export"]


def test_the_surge_outcome_says_when_a_record_was_lost():
    assert "**Outcome: as expected**" in render(REPORT)
    report = copy.deepcopy(REPORT)
    report["surge"]["database"]["lost"] = 1
    assert "**Outcome: NOT as expected**" in render(report)


def test_page_rows_show_non_200_answers_and_the_ratio_to_the_ceiling():
    lines = render(REPORT).splitlines()
    assert (
        "| agenda (cold) | 100 | 0.05 | 50 | 200 | 12.5 | 1,000 | {'502': 10, 'timeout': 1} |"
        in lines
    )
    assert "| ceiling | 2000 | 1.00 | 5 | 20 | 12.5 | 1,000 | none |" in lines

"""Readers of the two public benchmark formats: JSPLIB job shop and Brandimarte
flexible job shop (the "fjsp" text format). Both return a ``ShopInstance`` whose
stations have one machine each."""

from __future__ import annotations

from onefactory.model import InvalidData

from .shop import Job, Operation, Option, ShopInstance, Station


def _numbers(line: str, lineno: int, name: str) -> list[int]:
    try:
        return [int(tok) for tok in line.split()]
    except ValueError:
        raise InvalidData(f"{name} line {lineno}: expected whole numbers, got {line.strip()!r}", field="line") from None


def _data_lines(text: str) -> list[tuple[int, str]]:
    return [(no, ln) for no, ln in enumerate(text.splitlines(), 1) if ln.strip() and not ln.lstrip().startswith("#")]


def _stations(count: int) -> tuple[Station, ...]:
    return tuple(Station(f"M{k}") for k in range(count))


def parse_jsplib(text: str, name: str = "instance") -> ShopInstance:
    """A JSPLIB instance: ``n m`` then one line per job of ``machine time`` pairs (machines from 0).

    Example:
        >>> parse_jsplib("2 2\\n0 3 1 2\\n1 4 0 1\\n", "tiny").jobs[1].operations[0].options
        (Option(station=1, duration=4),)
    """
    lines = _data_lines(text)
    if not lines:
        raise InvalidData(f"{name}: no data lines", field="text")
    head = _numbers(lines[0][1], lines[0][0], name)
    if len(head) < 2:
        raise InvalidData(f"{name} line {lines[0][0]}: expected '<jobs> <machines>'", field="line")
    n_jobs, n_machines = head[0], head[1]
    if len(lines) < n_jobs + 1:
        raise InvalidData(f"{name}: header says {n_jobs} jobs, found {len(lines) - 1} job lines", field="jobs")
    jobs = [_jsplib_job(no, line, k, n_machines, name) for k, (no, line) in enumerate(lines[1 : n_jobs + 1])]
    return ShopInstance(name, _stations(n_machines), tuple(jobs))


def _jsplib_job(lineno: int, line: str, k: int, n_machines: int, name: str) -> Job:
    nums = _numbers(line, lineno, name)
    if len(nums) % 2 or not nums:
        raise InvalidData(f"{name} line {lineno}: expected machine/time pairs, got {len(nums)} numbers", field="line")
    ops = []
    for machine, duration in zip(nums[::2], nums[1::2], strict=True):
        if not 0 <= machine < n_machines:
            raise InvalidData(f"{name} line {lineno}: machine {machine} outside 0..{n_machines - 1}", field="machine")
        ops.append(Operation((Option(machine, duration),)))
    return Job(f"J{k}", tuple(ops))


def parse_brandimarte(text: str, name: str = "instance") -> ShopInstance:
    """A Brandimarte/fjsp instance: ``n m flex`` then per job ``n_ops`` and, per operation,
    ``n_options`` followed by ``machine duration`` pairs (machines from 1).

    Example:
        >>> parse_brandimarte("1 2 1.5\\n2 2 1 5 2 4 1 2 3\\n", "tiny").jobs[0].operations[1].options
        (Option(station=1, duration=3),)
    """
    lines = _data_lines(text)
    if not lines:
        raise InvalidData(f"{name}: no data lines", field="text")
    head = lines[0][1].split()
    try:
        n_jobs, n_machines = int(head[0]), int(head[1])
    except (ValueError, IndexError):
        raise InvalidData(
            f"{name} line {lines[0][0]}: expected '<jobs> <machines> [flexibility]'", field="line"
        ) from None
    if len(lines) < n_jobs + 1:
        raise InvalidData(f"{name}: header says {n_jobs} jobs, found {len(lines) - 1} job lines", field="jobs")
    jobs = [_fjsp_job(no, line, k, n_machines, name) for k, (no, line) in enumerate(lines[1 : n_jobs + 1])]
    return ShopInstance(name, _stations(n_machines), tuple(jobs))


def _fjsp_job(lineno: int, line: str, k: int, n_machines: int, name: str) -> Job:
    nums = _numbers(line, lineno, name)
    where = f"{name} line {lineno}"
    try:
        pos, ops = 1, []
        for _ in range(nums[0]):
            count, pos = nums[pos], pos + 1
            pairs = nums[pos : pos + 2 * count]
            if len(pairs) < 2 * count:
                raise IndexError
            pos += 2 * count
            ops.append(
                Operation(
                    tuple(_fjsp_option(m, d, n_machines, where) for m, d in zip(pairs[::2], pairs[1::2], strict=True))
                )
            )
    except IndexError:
        raise InvalidData(f"{where}: the line ends before its operations do", field="line") from None
    if pos != len(nums):
        raise InvalidData(f"{where}: {len(nums) - pos} numbers left after the last operation", field="line")
    return Job(f"J{k}", tuple(ops))


def _fjsp_option(machine: int, duration: int, n_machines: int, where: str) -> Option:
    if not 1 <= machine <= n_machines:
        raise InvalidData(f"{where}: machine {machine} outside 1..{n_machines}", field="machine")
    return Option(machine - 1, duration)

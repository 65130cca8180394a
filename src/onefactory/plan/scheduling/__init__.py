"""Shop scheduling for one member: job shop and flexible job shop, stations with several
identical machines, release and due dates.

``shop`` holds the instance and schedule values, ``formats`` reads the JSPLIB and
Brandimarte benchmark files, ``checks`` validates schedules and bounds makespans,
``cpsat`` solves with OR-Tools CP-SAT, ``heuristic`` (``dispatch`` + ``tabu``) re-plans
in about a second, and ``analysis`` names the bottleneck, late jobs and overloads."""

from .analysis import LateJob, Overload, bottleneck, critical_time, late_jobs, unconstrained_overloads, utilisation
from .checks import lower_bound, violations
from .cpsat import SolveResult, solve_cpsat
from .formats import parse_brandimarte, parse_jsplib
from .heuristic import solve_heuristic
from .shop import Job, Operation, Option, Schedule, ScheduledOperation, ShopInstance, Station

__all__ = [
    "Job",
    "LateJob",
    "Overload",
    "SolveResult",
    "bottleneck",
    "critical_time",
    "late_jobs",
    "solve_cpsat",
    "unconstrained_overloads",
    "utilisation",
    "Operation",
    "Option",
    "Schedule",
    "ScheduledOperation",
    "ShopInstance",
    "Station",
    "lower_bound",
    "parse_brandimarte",
    "parse_jsplib",
    "solve_heuristic",
    "violations",
]

"""Every change of replication: priorities, Hexagon ratings, requests and transfers.

A transfer is coordinated by the РЦ of the recipient's region: each step it takes (a request
accepted, a stage passed, a fidelity check, the completion) is an act of support and goes to the
support log through `organizations.actions.support_record_create` (service «Трансфер практик»).
A fidelity check made by the mentor is support given through the platform on the РЦ's behalf:
the transfer's РЦ is the provider, written by `support_record_create_for_platform` in the
mentor's name. Other steps by the mentor or the recipient write no record.
A completed transfer with comparison data becomes an independent replication in the practice's
evidence through `practices.actions.evaluation_record`.

The package re-exports the public actions: `from konstruktor.replication import actions`.
"""

from konstruktor.replication.actions.fit import fit_assessment_save, regional_priorities_set
from konstruktor.replication.actions.requests import request_accept, request_create, request_decline
from konstruktor.replication.actions.transfers import (
    adaptation_record,
    fidelity_check_record,
    fidelity_index,
    transfer_complete,
    transfer_outcomes_update,
    transfer_stage_advance,
    transfer_step_mark,
    transfer_stop,
)

__all__ = [
    "adaptation_record",
    "fidelity_check_record",
    "fidelity_index",
    "fit_assessment_save",
    "regional_priorities_set",
    "request_accept",
    "request_create",
    "request_decline",
    "transfer_complete",
    "transfer_outcomes_update",
    "transfer_stage_advance",
    "transfer_step_mark",
    "transfer_stop",
]

"""Who runs the monitoring surveys and who reads their results (people.capabilities holds the table).

No survey capability exists yet, so the two rights map onto existing ones:

* writing questionnaires and running campaigns: PROGRAMMES_EDIT — the curator and the methodological
  association (regulation §3.4: the curator «осуществляет мониторинг эффективности», the ШМО «участвует
  в мониторинге»);
* reading campaigns and their results: PAIRS_VIEW_ALL — the director, the curator, the coordinator, the
  working group head, the methodological association and the psychologist («организует совместно с
  руководителем образовательной организации мониторинг»).

Answering needs no capability: only an invitation.
"""

from __future__ import annotations

from people.capabilities import Capability, can

MANAGE = Capability.SURVEYS_MANAGE
RESULTS = Capability.SURVEYS_RESULTS


def may_manage(membership: object | None) -> bool:
    return can(membership, MANAGE)


def may_see_results(membership: object | None) -> bool:
    return can(membership, RESULTS)

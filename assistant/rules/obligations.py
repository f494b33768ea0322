"""SPEC §3.5: what still applies after the verdict (M10, P10, PIPL 39/55, M15)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.models import (
    Facts,
    Obligation,
    VerdictCode,
)
from assistant.rules.core import PIPL, M, P, S

if TYPE_CHECKING:  # the engine imports no obligation; only the types point back
    from assistant.rules.engine import _Engine

# ------------------------------------------------------------------------------------------- obligations


def _pi_from_facts(f: Facts, engine: _Engine) -> bool | None:
    """Whether the export includes PI, from the facts alone (when no rule had to ask)."""
    if f.pseudonymised:
        return True
    values = [item.contains_pi if item.contains_pi is not None else f.contains_pi for _, item in engine.items()]
    if any(values):
        return True
    if all(v is False for v in values):
        return False
    return None


def _obligations(engine: _Engine, code: VerdictCode) -> list[Obligation]:
    """SPEC §3.5: what still applies after the verdict."""
    f = engine.f
    t = engine.t
    out: list[Obligation] = []
    measures_apply = engine.measures_apply()
    if engine.shanghai_list_used:
        out.append(Obligation(
            text=t("使用负面清单开展数据出境活动的，应按照所属区域及时向上海自贸试验区管委会、临港新片区管委会报告数据出境情况，包括但不限于数据出境业务场景、出境数据目录、出境数据规模、境外接收方等情况。",
                   "When exporting under the negative list, report the export promptly to the Shanghai FTZ or Lingang administration (by zone), including the business scenario, the catalogue of exported data, its volume and the overseas recipients."),
            citation=engine.cite(M, 10, 1),
        ))
    if measures_apply:
        out.append(Obligation(
            text=t("向境外传输重要数据和个人信息，应当遵守法律、法规的规定，履行数据安全保护义务，采取技术措施和其他必要措施，保障数据出境安全；发生数据出境安全事件或者发现数据出境安全风险增大的，应当采取补救措施，并及时向上海市互联网信息办公室、上海市数据局、上海市公安局、上海市国家安全局、上海自贸试验区管委会、临港新片区管委会报告。",
                   "Fulfil data security duties and take technical and other necessary measures; on a data-export security incident or increased risk, take remedial measures and report promptly to the Shanghai Cyberspace Office, Shanghai Data Bureau, Shanghai Public Security Bureau, Shanghai State Security Bureau and the Shanghai FTZ / Lingang administrations."),
            citation=engine.cite(M, 10, 2),
        ))
    else:
        out.append(Obligation(
            text=t("向境外提供数据，应当遵守法律、法规的规定，履行数据安全保护义务，采取技术措施和其他必要措施，保障数据出境安全；发生或者可能发生数据安全事件的，应当采取补救措施，及时向省级以上网信部门和其他有关主管部门报告。",
                   "Fulfil data security duties and take technical and other necessary measures; on an actual or possible data security incident, take remedial measures and report promptly to the cyberspace authority at provincial level or above and other competent authorities."),
            citation=engine.cite(P, 11),
        ))
    pi = engine.pi if engine.pi is not None else _pi_from_facts(f, engine)
    if pi is not False:
        cond = "" if pi else t("如出境数据包含个人信息：", "If the data includes personal information, ")
        out.append(Obligation(
            text=cond + t("应当按照法律、行政法规的规定履行告知、取得个人单独同意、进行个人信息保护影响评估等义务。",
                          ("f" if cond else "F") + "ulfil the duties of notice, separate consent and a personal information protection impact assessment under laws and regulations."),
            citation=engine.cite(P, 10),
        ))
        out.append(Obligation(
            text=cond + t("应当向个人告知境外接收方的名称或者姓名、联系方式、处理目的、处理方式、个人信息的种类以及个人向境外接收方行使权利的方式和程序等事项，并取得个人的单独同意。",
                          ("t" if cond else "T") + "ell the individuals the overseas recipient's name and contact details, the purpose and manner of processing, the kinds of PI and how to exercise their rights against the recipient, and obtain their separate consent."),
            citation=engine.cite(PIPL, 39),
        ))
        out.append(Obligation(
            text=cond + t("向境外提供个人信息前，应当事前进行个人信息保护影响评估，并对处理情况进行记录。",
                          ("b" if cond else "B") + "efore providing PI abroad, carry out a personal information protection impact assessment and keep a record of the processing."),
            citation=engine.cite(PIPL, 55, 1, 4),
        ))
    if code == "standard_contract_or_certification":
        out.append(Obligation(
            text=t("如选择订立标准合同：应当在标准合同生效之日起10个工作日内向所在地省级网信部门备案。",
                   "If you choose the standard contract: file it with the provincial cyberspace authority within 10 working days of its taking effect."),
            citation=engine.cite(S, 7),
        ))
    if f.treaty_applies:
        if measures_apply:
            out.append(Obligation(
                text=t("我国缔结或者参加的国际条约、协定与国内法律法规有不同规定的，适用该国际条约、协定，但我国声明保留的条款除外。",
                       "Where a treaty or agreement China has concluded or joined provides differently from domestic law, the treaty applies, except clauses China has reserved."),
                citation=engine.cite(M, 15, 1),
            ))
        elif pi is not False:
            out.append(Obligation(
                text=t("我国缔结或者参加的国际条约、协定对向境外提供个人信息的条件等有规定的，可以按照其规定执行。",
                       "Where a treaty or agreement China has concluded or joined sets conditions for providing PI abroad, they may be followed."),
                citation=engine.cite(PIPL, 38, 2),
            ))
    return out

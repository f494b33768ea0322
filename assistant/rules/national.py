"""The national rules of the 2024 Provisions (P2–P8): important data (P2, P7), whether the data holds PI,
the purpose exemptions (P3, P4, P5(1)–(3)) and the volumes since 1 January (P5(4), P7, P8).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from assistant.models import (
    DataItem,
    Language,
    VerdictCode,
)
from assistant.rules.core import (
    NON_SENSITIVE_CUTS,
    PIPL,
    SENSITIVE_CUTS,
    SH_ZONES,
    M,
    NeedFact,
    Option,
    P,
    _bands,
    _Core,
    _count_range,
    _overlap,
    _range_label,
    _range_patch,
    _yes_no,
)


class _NationalRules(_Core):
    """The national rules of the 2024 Provisions (P2–P8): important data, PI, the P3–P5 exemptions and the
    P7/P8 volumes."""

    def _p5_condition_met(
        self, name: str, key: Literal["individual_is_party", "hr_rules_lawful"], *, item: int,
        question: dict[Language, str], check: str, met: str, unmet: str,
    ) -> bool:
        """P5(1)/(2): the exemption holds only when its condition (fact `key`) is met; unknown → ask."""
        value = getattr(self.f, key)
        citation = self.cite(P, 5, 1, item)
        if value is None:
            raise NeedFact(key, question, _yes_no(key), basis=[citation])
        self.step(name + check, met if value else unmet, citation, decisive=bool(value))
        return bool(value)

    def exempt_everywhere(self) -> bool:
        """P3, P4, P5(1)–(3) exempt every processor, in a free trade zone or not (P7¶2, P8¶2 defer to them):
        when each data item is exempt by one of them, where the processor is registered does not matter."""
        if not any(self.purposes(item) - {"other"} for _, item in self.items()):
            return False
        for index, item in self.items():
            if self.important(index, item):
                return False
            if not self.contains_pi(index, item):
                if "trade_no_pi" not in self.purposes(item):
                    return False
            elif self.p4_p5_exemptions(index, item, self.item_name(index, item), record=False) is None:
                return False
        self.step(
            self.t("注册地是否影响结论", "Does the place of registration matter?"),
            self.t("以下豁免对任何数据处理者适用（无论是否在自由贸易试验区），注册地不影响结论。",
                   "The exemptions below apply to every processor, in a free trade zone or not, so the place of registration does not matter."),
            self.cite(P, 7, 2),
        )
        for index, item in self.items():
            self.national(index, item)
        return True

    def important(self, index: int, item: DataItem) -> bool:
        """P2 / M14¶2 / N37: only data notified or published as important data counts as important data."""
        value = item.important_data if item.important_data is not None else self.f.important_data
        if value is None and "important_data" in getattr(self.f, "unsure", ()):
            # The user said they do not know whether it was notified: that is a fact, and it decides.
            key = self._item_key(index, "important_data")
            raise NeedFact(
                key,
                {
                    "zh": "拟出境的数据是否已被相关部门、地区告知或者公开发布为重要数据？",
                    "en": "Has the data been notified to you, or published, as important data by the authorities?",
                },
                _yes_no(key),
                basis=[self.cite(M, 14, 2) if self.measures_apply() else self.cite(P, 2), self.cite(P, 7, 1, 2)],
                default=1,
            )
        if value is False and self.once("p2"):
            self.step(
                self.t("是否属于重要数据", "Important data?"),
                self.t(
                    "未被相关部门、地区告知或者公开发布为重要数据的，不需要作为重要数据申报数据出境安全评估。",
                    "Data not notified or published as important data need not be declared as important data for a security assessment.",
                ),
                self.cite(M, 14, 2) if self.measures_apply() else self.cite(P, 2),
            )
        if value is None and self.once("p2"):
            self.step(
                self.t("是否属于重要数据", "Important data?"),
                self.t(
                    "未述及被相关部门、地区告知或者公开发布为重要数据，不需要作为重要数据申报数据出境安全评估；如已被告知，结论会改变。",
                    "No notification or publication as important data is mentioned, so the data need not be declared as important data; if it was notified, the outcome changes.",
                ),
                self.cite(M, 14, 2) if self.measures_apply() else self.cite(P, 2),
            )
        return bool(value)

    def measures_apply(self) -> bool:
        """M2: registered in the Shanghai FTZ / Lingang and exporting from there."""
        return self.f.registered_zone in SH_ZONES and bool(self.f.export_in_zone)

    # ---- national rules (P)

    def national(self, index: int, item: DataItem, within_list: bool = False) -> VerdictCode:
        name = self.item_name(index, item)
        if self.important(index, item):
            return self.p7_important_data(name, self.purposes(item))
        pi = self.contains_pi(index, item)
        if not pi and "foreign_collected_transit" in self.purposes(item) and self.f.domestic_data_added is False:
            # data collected abroad, processed here and sent back with nothing domestic added: P4 is the article that
            # answers, whether or not the records hold personal information (a call centre's case records usually do)
            exempt = self.p4_p5_exemptions(index, item, name)
            if exempt is not None:
                return exempt
        if not pi:
            return self.no_pi(name, item)
        if "trade_no_pi" in self.purposes(item):
            self.step(
                name + self.t("国际贸易等活动中的数据", "Data from trade and similar activities"),
                self.t("该数据包含个人信息，不适用不含个人信息或者重要数据的豁免。",
                       "The data includes personal information, so the exemption for data without PI or important data does not apply."),
                self.cite(P, 3),
            )
        exempt = self.p4_p5_exemptions(index, item, name)
        if exempt is not None:
            return exempt
        return self.p5_4_p7_p8_volumes(name)

    def no_pi(self, name: str, item: DataItem) -> VerdictCode:
        """Neither PI nor important data: P3 for trade and similar data; otherwise none of P7, P8 is triggered
        (a CIIO too: P7(1) is tied to PI or important data)."""
        if self.f.is_ciio:
            # a CIIO asks "do we need an assessment because we are a CIIO?": P7(1) is tied to PI or important data
            self.step(
                name + self.t("关键信息基础设施运营者的安全评估条件", "When a CIIO needs a security assessment"),
                self.t("关键信息基础设施运营者向境外提供个人信息或者重要数据的，应当申报数据出境安全评估；该数据既不含个人信息，也不属于重要数据，不触发该条件。",
                       "A CIIO must declare a security assessment when it exports personal information or important data; this data is neither, so the condition is not met."),
                self.cite(P, 7, 1, 1),
                decisive=True,
            )
        if "trade_no_pi" in self.purposes(item):
            self.step(
                name + self.t("国际贸易等活动中的非个人信息数据", "Trade data without PI or important data"),
                self.t(
                    "国际贸易、跨境运输、学术合作、跨国生产制造和市场营销等活动中收集和产生的数据，不包含个人信息或者重要数据，免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证。",
                    "Data from international trade, cross-border transport, academic cooperation, transnational manufacturing or marketing with no PI or important data is exempt.",
                ),
                self.cite(P, 3),
                decisive=True,
            )
            return "exempt"
        self.step(
            name + self.t("是否触发任何出境机制", "Does any mechanism apply?"),
            self.t(
                "不含个人信息，也不属于重要数据：不触发数据出境安全评估、个人信息出境标准合同或个人信息保护认证的申报条件。",
                "No personal information and no important data: none of security assessment, standard contract or certification is triggered.",
            ),
            self.cite(P, 7),
            decisive=True,
        )
        self.step(name + self.t("标准合同或认证的条件", "Standard contract / certification condition"),
                  self.t("以个人信息出境为条件，不适用。", "Applies to personal information only: not triggered."),
                  self.cite(P, 8), decisive=True)
        return "exempt"

    def p7_important_data(self, name: str, purposes: set[str]) -> VerdictCode:
        """P7(1)/(2), N37: important data needs a security assessment, with or without PI; P5¶2."""
        ciio = self.f.is_ciio
        if ciio:
            self.step(
                name + self.t("关键信息基础设施运营者提供重要数据", "A CIIO exporting important data"),
                self.t("关键信息基础设施运营者向境外提供重要数据，应当通过所在地省级网信部门向国家网信部门申报数据出境安全评估。",
                       "A CIIO exporting important data must declare a security assessment to the national cyberspace authority through the provincial one."),
                self.cite(P, 7, 1, 1),
                decisive=True,
            )
        else:
            self.step(
                name + self.t("向境外提供重要数据", "Exporting important data"),
                self.t(
                    "已被告知或者公开发布的重要数据（即使不含个人信息）向境外提供，应当通过所在地省级网信部门向国家网信部门申报数据出境安全评估"
                    + ("（无论是否为关键信息基础设施运营者，结论相同）。" if ciio is None else "。"),
                    "Important data (even without any personal information) must go through a security assessment declared to the national cyberspace authority via the provincial one"
                    + (" (whether or not you are a CIIO)." if ciio is None else "."),
                ),
                self.cite(P, 7, 1, 2),
                decisive=True,
            )
        if purposes & {"contract_with_individual", "hr_management", "emergency"}:
            self.step(
                name + self.t("个人信息豁免是否覆盖重要数据", "Do the PI exemptions cover important data?"),
                self.t("不覆盖：第五条所称向境外提供的个人信息，不包括重要数据。",
                       "No: the personal information exemptions do not include important data."),
                self.cite(P, 5, 2),
                decisive=True,
            )
        return "security_assessment"

    def listed_kind(self, item_id: str) -> str | None:
        for lst in self.sh.lists:
            found = lst.find_item(item_id)
            if found is not None:
                return found[-1].data_kind
        return None

    def contains_pi(self, index: int, item: DataItem) -> bool:
        """PIPL 4, 73: pseudonymised data that can still identify a person with other information is PI."""
        f = self.f
        value = item.contains_pi if item.contains_pi is not None else f.contains_pi
        if item.list_item_id and self.listed_kind(item.list_item_id) == "personal_information":
            value = True  # the confirmed list entry is personal information, whatever a summary said of the export
        if f.pseudonymised:
            if self.once("pipl-pseudo"):
                self.step(
                    self.t("去标识化数据是否仍属个人信息", "Is pseudonymised data still personal information?"),
                    self.t(
                        "去标识化是使个人信息在不借助额外信息的情况下无法识别特定自然人的过程；借助额外信息仍可识别的，仍属于个人信息，只有匿名化处理后的信息才不属于个人信息。",
                        "Pseudonymisation only prevents identification without additional information; data that can identify a person with other information remains personal information — only anonymised information is excluded.",
                    ),
                    self.cite(PIPL, 73, 1, 3),
                    decisive=True,
                )
                self.step(self.t("个人信息的定义", "Definition of personal information"),
                          self.t("个人信息不包括匿名化处理后的信息，去标识化信息仍是个人信息。",
                                 "Personal information excludes only anonymised information."),
                          self.cite(PIPL, 4, 1), decisive=True)
            value = True
        if value is None and (f.pi_count_ytd or f.sensitive_pi_count_ytd or item.contains_sensitive_pi or f.contains_sensitive_pi):
            value = True
        if value is None:
            key = self._item_key(index, "contains_pi")
            what = item.description if len(self.f.data_items) > 1 and item.description else self.t("出境数据", "the data")
            raise NeedFact(
                key,
                {
                    "zh": f"{what}是否包含个人信息（包括去标识化后借助其他信息仍可识别个人的信息）？",
                    "en": f"Does {what} include personal information (including pseudonymised data that can still identify a person)?",
                },
                _yes_no(key),
                basis=[self.cite(P, 5, 1, 4), self.cite(P, 8, 1)],
                default=1,
            )
        self.pi = True if value else (self.pi if self.pi else False)
        return value

    def p4_p5_exemptions(self, index: int, item: DataItem, name: str, record: bool = True) -> VerdictCode | None:
        """P4, P5(1)–(3): exemptions for PI by purpose (they apply before the thresholds, P7¶2, P8¶2).
        With record=False only whether one applies is found (questions are still raised)."""
        steps, basis = len(self.steps), list(self.basis)
        code = self._p4_p5_exemptions(name, self.purposes(item))
        if not record:
            del self.steps[steps:]
            self.basis = basis
        return code

    def _p4_p5_exemptions(self, name: str, purposes: set[str]) -> VerdictCode | None:
        f = self.f
        if "foreign_collected_transit" in purposes:
            if f.domestic_data_added is None:
                raise NeedFact(
                    "domestic_data_added",
                    {"zh": "在境内处理过程中，是否引入了境内个人信息或者重要数据？",
                     "en": "During processing in China, was any domestic personal information or important data added?"},
                    _yes_no("domestic_data_added"),
                    basis=[self.cite(P, 4)],
                )
            if not f.domestic_data_added:
                self.step(
                    name + self.t("境外收集、境内处理后出境", "Collected abroad, processed here, sent back"),
                    self.t("在境外收集和产生的个人信息传输至境内处理后向境外提供，处理过程中没有引入境内个人信息或者重要数据，免予三项机制。",
                           "PI collected abroad, processed in China and sent back without adding domestic PI or important data is exempt."),
                    self.cite(P, 4),
                    decisive=True,
                )
                return "exempt"
            self.step(
                name + self.t("境外收集、境内处理后出境", "Collected abroad, processed here, sent back"),
                self.t("处理过程中引入了境内个人信息或者重要数据，不适用该项豁免。",
                       "Domestic PI or important data was added during processing: the exemption does not apply."),
                self.cite(P, 4),
            )
        if "contract_with_individual" in purposes and self._p5_condition_met(
            name, "individual_is_party", item=1,
            question={"zh": "个人本人是否为该合同的一方当事人（而不仅是两家企业之间的合同）？",
                      "en": "Is the individual personally a party to the contract (not just a contract between two companies)?"},
            check=self.t("为订立、履行个人作为一方当事人的合同", "Contract to which the individual is a party"),
            met=self.t("为订立、履行个人作为一方当事人的合同确需向境外提供个人信息的，免予三项机制（限于确需提供的个人信息）。",
                       "PI genuinely needed to conclude or perform a contract to which the individual is a party is exempt (only what is needed)."),
            unmet=self.t("个人不是合同一方当事人（如两家企业之间的合同），不适用该项豁免。",
                         "The individual is not a party (e.g. a contract between two companies): the exemption does not apply."),
        ):
            return "exempt"
        if "hr_management" in purposes and self.f.own_employees is False:
            self.step(
                name + self.t("跨境人力资源管理", "Cross-border HR management"),
                self.t("该项豁免针对数据处理者对本单位员工实施的跨境人力资源管理；为客户企业代办人事、代发工资，员工不是本单位员工，不适用该项豁免。",
                       "The exemption covers a processor's HR management of its own employees; HR or payroll run for client companies "
                       "concerns their staff, not yours, so it does not apply."),
                self.cite(P, 5, 1, 2),
            )
        elif "hr_management" in purposes and self._p5_condition_met(
            name, "hr_rules_lawful", item=2,
            question={"zh": "跨境人力资源管理是否按照依法制定的劳动规章制度和依法签订的集体合同实施？",
                      "en": "Is the cross-border HR management carried out under lawfully adopted labour rules and a lawfully concluded collective contract?"},
            check=self.t("跨境人力资源管理", "Cross-border HR management"),
            met=self.t("按照依法制定的劳动规章制度和依法签订的集体合同实施跨境人力资源管理，确需向境外提供员工个人信息的，免予三项机制。",
                       "Employee PI genuinely needed for cross-border HR management under lawful labour rules and a collective contract is exempt."),
            unmet=self.t("没有依法制定的劳动规章制度和依法签订的集体合同，不适用该项豁免。",
                         "Without lawfully adopted labour rules and collective contract the exemption does not apply."),
        ):
            return "exempt"
        if "emergency" in purposes:
            self.step(
                name + self.t("紧急情况", "Emergency"),
                self.t("紧急情况下为保护自然人的生命健康和财产安全确需向境外提供个人信息的，免予三项机制。",
                       "PI genuinely needed in an emergency to protect a person's life, health or property is exempt."),
                self.cite(P, 5, 1, 3),
                decisive=True,
            )
            return "exempt"
        return None

    def p5_4_p7_p8_volumes(self, name: str) -> VerdictCode:
        """P7(1) CIIO; P7(2) ≥1,000,000 non-sensitive or ≥10,000 sensitive; P8 100,000–<1,000,000 or <10,000
        sensitive; P5(4) <100,000 non-sensitive and no sensitive. Counts are cumulative since 1 January."""
        f = self.f
        if f.is_ciio is None:
            raise self._need_ciio()
        if f.is_ciio:
            self.step(
                name + self.t("关键信息基础设施运营者提供个人信息", "A CIIO exporting personal information"),
                self.t("关键信息基础设施运营者向境外提供个人信息（无论数量多少），应当通过所在地省级网信部门向国家网信部门申报数据出境安全评估。",
                       "A CIIO exporting any personal information, whatever the number of people, must declare a security assessment via the provincial cyberspace authority."),
                self.cite(P, 7, 1, 1),
                decisive=True,
            )
            return "security_assessment"
        sensitive = self.sensitive_band(SENSITIVE_CUTS)
        plain = self.non_sensitive_band(NON_SENSITIVE_CUTS)
        if self.once("p13"):
            self.step(
                self.t("适用哪一套数量门槛", "Which thresholds apply"),
                self.t(
                    "《数据出境安全评估办法》《个人信息出境标准合同办法》等相关规定与《促进和规范数据跨境流动规定》不一致的，适用《促进和规范数据跨境流动规定》；以下按其门槛判断。",
                    "Where the Assessment Measures or the Standard Contract Measures differ from the Provisions on Promoting and Regulating Cross-Border Data Flows, the Provisions apply; their thresholds are used below.",
                ),
                self.cite(P, 13),
            )
        counted = self.t("自当年1月1日起累计", "cumulative since 1 January of the current year")
        if sensitive == 2 or plain == 2:
            what = self.t("1万人以上敏感个人信息", "sensitive PI of 10,000 or more people") if sensitive == 2 else \
                self.t("100万人以上个人信息（不含敏感个人信息）", "non-sensitive PI of 1,000,000 or more people")
            self.step(
                name + self.t("数量门槛：安全评估", "Volume: security assessment"),
                self.t(f"非关键信息基础设施运营者{counted}向境外提供{what}，应当通过所在地省级网信部门向国家网信部门申报数据出境安全评估。",
                       f"A non-CIIO exporting {what} ({counted}) must declare a security assessment via the provincial cyberspace authority."),
                self.cite(P, 7, 1, 2),
                decisive=True,
            )
            return "security_assessment"
        if sensitive == 1 or plain == 1:
            what = self.t("不满1万人敏感个人信息", "sensitive PI of fewer than 10,000 people") if sensitive == 1 else \
                self.t("10万人以上、不满100万人个人信息（不含敏感个人信息）", "non-sensitive PI of 100,000 to under 1,000,000 people")
            extra = ""
            if sensitive == 1 and plain == 0:
                extra = self.t("（不满10万人的豁免仅适用于不含敏感个人信息的情形）", " (the under-100,000 exemption covers non-sensitive PI only)")
            self.step(
                name + self.t("数量门槛：标准合同或认证", "Volume: standard contract or certification"),
                self.t(f"非关键信息基础设施运营者{counted}向境外提供{what}{extra}，应当依法与境外接收方订立个人信息出境标准合同或者通过个人信息保护认证。",
                       f"A non-CIIO exporting {what} ({counted}){extra} must sign the standard contract with the recipient or obtain certification."),
                self.cite(P, 8, 1),
                decisive=True,
            )
            if sensitive == 1 and plain == 0:
                self.step(name + self.t("不满10万人豁免的范围", "Scope of the under-100,000 exemption"),
                          self.t("该项豁免限于不含敏感个人信息的个人信息。", "It covers non-sensitive PI only."),
                          self.cite(P, 5, 1, 4), decisive=True)
            return "standard_contract_or_certification"
        self.step(
            name + self.t("数量门槛：豁免", "Volume: exempt"),
            self.t(f"非关键信息基础设施运营者{counted}向境外提供不满10万人个人信息（不含敏感个人信息），免予三项机制。",
                   f"A non-CIIO exporting non-sensitive PI of fewer than 100,000 people ({counted}) and no sensitive PI is exempt."),
            self.cite(P, 5, 1, 4),
            decisive=True,
        )
        return "exempt"

    # ---- counts

    def items_counted(self) -> list[DataItem]:
        """The data items the volume thresholds decide: those no purpose exemption (P4, P5(1)–(3)) covers."""
        items = self.f.data_items
        if len(items) < 2:
            return list(items)
        return [i for n, i in enumerate(items) if self.p4_p5_exemptions(n, i, "", record=False) is None]

    def same_people_as_sensitive(self) -> int | None:
        """Only a sensitive count is stated and every data item named is sensitive ("800名患者的病历", "1,500
        employees' ID numbers, bank cards and medical results"): the people whose other PI goes with it are those
        same people, so the non-sensitive count is below that figure's upper end (exclusive) — not an open question
        that could reach P7's million. Items not all sensitive (or none named besides a general mention of PI
        with "其中") leave the count unknown."""
        f = self.f
        if f.sensitive_pi_count_ytd is None or f.counts_since_jan1 is False or not f.data_items:
            return None
        # items exempt by purpose are not counted (P7¶2, P8¶2): the couriers' ID numbers beside the buyers' orders
        if not all(i.contains_sensitive_pi for i in self.items_counted() or f.data_items):
            return None
        _, hi = _count_range(f.sensitive_pi_count_ytd, f.sensitive_pi_count_bound, f.sensitive_pi_count_upper)
        return hi

    def sensitive_band(self, cuts: Sequence[int]) -> int:
        """Index of the band (between `cuts`) holding the number of people whose sensitive PI is exported."""
        f = self.f
        flags = [i.contains_sensitive_pi for i in f.data_items]
        flag = f.contains_sensitive_pi
        if flag is None and any(flags):
            flag = True
        if flag is None and flags and all(x is False for x in flags):
            flag = False
        counted = self.items_counted()
        unstated = f.sensitive_pi_count_ytd is None or f.sensitive_pi_count_bound == "at_most"  # none, or only a bound
        if unstated and len(counted) < len(f.data_items) and not any(i.contains_sensitive_pi for i in counted):
            # the sensitive PI named is in items exempt by purpose (P4, P5(1)–(3): they follow those articles, P7¶2,
            # P8¶2); the items the volumes decide name no sensitive kind of their own (SPEC §3a: none)
            return self._band("sensitive_pi", (0, 1), cuts, sensitive=True)
        if f.sensitive_pi_count_ytd is not None and f.counts_since_jan1 is not False:
            lo, hi = _count_range(f.sensitive_pi_count_ytd, f.sensitive_pi_count_bound, f.sensitive_pi_count_upper)
            if flag:
                lo = max(lo, 1)
        elif flag is False:
            lo, hi = 0, 1
        elif flag:
            lo, hi = 1, None
        else:
            lo, hi = 0, None
        return self._band("sensitive_pi", (lo, hi), cuts, sensitive=True)

    def non_sensitive_band(self, cuts: Sequence[int]) -> int:
        f = self.f
        if f.counts_since_jan1 is False:  # a figure for another period says nothing of the cumulative count
            lo, hi = 0, None
        elif f.pi_count_ytd is None and self.same_people_as_sensitive() is not None:
            lo, hi = 0, self.same_people_as_sensitive()
        else:
            lo, hi = _count_range(f.pi_count_ytd, f.pi_count_bound, f.pi_count_upper)
        return self._band("pi", (lo, hi), cuts, sensitive=False)

    def _band(self, prefix: str, known: tuple[int, int | None], cuts: Sequence[int], sensitive: bool) -> int:
        bands = _bands(cuts)
        possible = [(i, ov) for i, band in enumerate(bands) if (ov := _overlap(band, known)) is not None]
        if len(possible) == 1:
            return possible[0][0]
        if not possible:  # contradictory facts (e.g. a count below a stated bound); treat as unknown
            possible = list(enumerate(bands))
        options = []
        for index, (lo, hi) in possible:
            # Labels name the band as the articles do; the patch keeps what the user already said.
            label_lo, label_hi = bands[index]
            patch = _range_patch(prefix, lo, hi)
            if sensitive:
                if hi == 1:
                    patch = {"contains_sensitive_pi": False, "sensitive_pi_count_ytd": None,
                             "sensitive_pi_count_bound": "exact", "sensitive_pi_count_upper": None}
                else:
                    patch["contains_sensitive_pi"] = True
            if self.f.counts_since_jan1 is False:
                # The answer is the cumulative count; the other figure (same wrong period) must be asked again.
                other = "pi" if sensitive else "sensitive_pi"
                patch.update({"counts_since_jan1": True, f"{other}_count_ytd": None, f"{other}_count_bound": "exact",
                              f"{other}_count_upper": None})
            options.append(Option(_range_label(label_lo, label_hi, "zh", sensitive),
                                  _range_label(label_lo, label_hi, "en", sensitive), patch))
        if sensitive and [i for i, _ in possible] == [0, 1]:
            # none or fewer than 10,000: whether there is any sensitive PI at all is the question ("some of the 600 may have
            # written about their illnesses")
            raise NeedFact(
                "contains_sensitive_pi",
                {"zh": "出境的数据中是否实际包含敏感个人信息（如医疗健康、金融账户、行踪轨迹、生物识别信息）？",
                 "en": "Does the data actually include any sensitive personal information (health, financial accounts, whereabouts, biometrics…)?"},
                [Option("是", "yes", options[1].patch), Option("否", "no", options[0].patch)],
                basis=[self.cite(P, 8, 1), self.cite(P, 5, 1, 4)],
            )
        if sensitive:
            question: dict[Language, str] = {
                "zh": "自当年1月1日起，累计向境外提供了多少人的敏感个人信息（如医疗健康、金融账户、行踪轨迹、生物识别信息）？",
                "en": "Since 1 January this year, how many people's sensitive personal information (health, financial accounts, whereabouts, biometrics…) have you sent abroad in total?",
            }
        else:
            question = {
                "zh": "自当年1月1日起，累计向境外提供了多少人的个人信息（不含敏感个人信息）？",
                "en": "Since 1 January this year, how many people's personal information (not counting sensitive PI) have you sent abroad in total?",
            }
        raise NeedFact(
            f"{prefix}_count_ytd",
            question,
            options,
            basis=[self.cite(P, 8, 1), self.cite(P, 7, 1, 2), self.cite(P, 5, 1, 4)],
        )


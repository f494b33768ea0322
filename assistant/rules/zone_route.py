"""Other laws first (M20¶1), then the zone route: whether the negative-list route is open to this processor
— registered in the Shanghai FTZ with the export carried out there (M2, M8, M20¶2), or in another free trade
zone with its own list (P6¶2).
"""

from __future__ import annotations

from assistant.lists.model import NegativeList
from assistant.models import (
    VerdictCode,
)
from assistant.rules.core import SH_ZONES, M, NeedFact, Option, P, _list_kind, _ListRoute, _yes_no
from assistant.rules.list_route import _ListRouteRules
from assistant.vocabulary import other_ftz_label


class _ZoneRouteRules(_ListRouteRules):
    """Other laws first (M20¶1), then whether the negative-list route is open: the Shanghai zone (M2, M8,
    M20¶2) or another free trade zone (P6¶2)."""

    def m20_1_export_control(self) -> VerdictCode | None:
        """M20¶1: technical data of export-controlled items / technology-export matters follow those laws."""
        if self.f.export_controlled is None and "export_controlled" in getattr(self.f, "unsure", ()):
            raise NeedFact(
                "export_controlled",
                {
                    "zh": "拟出境的数据是否涉及出口管制物项的相关技术资料，或者属于技术出口管理事项？",
                    "en": "Does the data include technical data on export-controlled items, or is it a technology-export matter?",
                },
                _yes_no("export_controlled"),
                basis=[self.cite(M, 20, 1)],
                default=1,
            )
        if self.f.export_controlled:
            self.step(
                self.t("是否涉及出口管制物项技术资料或技术出口管理事项", "Export-controlled technical data or technology export?"),
                self.t(
                    "涉及。此类数据出境按照《中华人民共和国出口管制法》《中华人民共和国对外贸易法》等法律法规、规章规定执行。",
                    "Yes. Such data is exported under the Export Control Law, the Foreign Trade Law and related rules.",
                ),
                self.cite(M, 20, 1),
                decisive=True,
            )
            return "other_law"
        return None

    def negative_list_route(self) -> _ListRoute | None:
        """M2, M8, M20, P6: may this processor use a negative list?"""
        zone = self.f.registered_zone
        if zone is None:
            raise NeedFact(
                "registered_zone",
                {"zh": "贵单位（数据处理者）在哪里注册？", "en": "Where is your organisation (the data processor) registered?"},
                [
                    Option("上海自贸试验区", "Shanghai FTZ", {"registered_zone": "shanghai_ftz"}),
                    Option("临港新片区", "Lingang New Area", {"registered_zone": "lingang"}, explore=False),
                    Option("其他自由贸易试验区", "another free trade zone", {"registered_zone": "other_ftz"}),
                    Option("不在自由贸易试验区", "outside any free trade zone", {"registered_zone": "outside"}),
                ],
                basis=[self.cite(M, 2), self.cite(M, 8), self.cite(P, 6, 2)],
                default=3,
            )
        if zone in SH_ZONES:
            return self.m2_m8_shanghai_route()
        if zone == "other_ftz":
            return self.p6_2_other_ftz_route()
        if "registered_zone" in self.sh.assumed:
            finding = self.t(
                "未述及在上海自贸试验区或临港新片区注册，按国家规定判断（《管理办法》及其负面清单只适用于区内注册并在区内开展数据出境活动的数据处理者）。",
                "No registration in the Shanghai FTZ or Lingang is mentioned, so the national rules decide (the Measures and their list apply only to processors registered and exporting there).",
            )
        else:
            finding = self.t(
                "不在上海自贸试验区及临港新片区注册，不适用《管理办法》及其负面清单，按国家规定判断。",
                "Not registered in the Shanghai FTZ or Lingang: the Measures and their list do not apply; the national rules decide.",
            )
        self.step(
            self.t("是否适用上海自贸试验区负面清单（注册地）", "Does the Shanghai FTZ negative list apply (registration)?"),
            finding,
            self.cite(M, 2),
        )
        return None

    def m2_m8_shanghai_route(self) -> _ListRoute | None:
        f = self.f
        self.step(
            self.t("注册地", "Registration"),
            self.t("在上海自贸试验区及临港新片区注册。", "Registered in the Shanghai FTZ / Lingang New Area."),
            self.cite(M, 2),
        )
        if f.is_ciio is None:
            raise self._need_ciio()
        if f.is_ciio:
            self.step(
                self.t("关键信息基础设施运营者能否使用负面清单", "Can a CIIO use the negative list?"),
                self.t(
                    "贵单位为关键信息基础设施运营者，负面清单不适用于关键信息基础设施运营者，按国家规定判断。",
                    "You are a CIIO; the negative list does not apply to CIIOs, so the national rules decide.",
                ),
                self.cite(P, 7, 1, 1),
            )
            return None
        if f.export_in_zone is None:
            raise NeedFact(
                "export_in_zone",
                {
                    "zh": "数据出境活动是否在上海自贸试验区及临港新片区内开展？",
                    "en": "Is the data export carried out within the Shanghai FTZ / Lingang New Area?",
                },
                _yes_no("export_in_zone"),
                basis=[self.cite(M, 2)],
                default=0,  # M2 reads registration and activity together; "in the zone" is the natural reading
            )
        if not f.export_in_zone:
            self.step(
                self.t("数据出境活动是否在区内开展", "Is the export carried out in the zone?"),
                self.t(
                    "数据出境活动不在区内开展，不适用《管理办法》，按国家规定判断。",
                    "The export is not carried out in the zone: the Measures do not apply; the national rules decide.",
                ),
                self.cite(M, 2),
            )
            return None
        self.step(
            self.t("数据出境活动是否在区内开展", "Is the export carried out in the zone?"),
            self.t("未述及在区外开展，按在区内开展判断，适用《管理办法》。", "No other place is mentioned, so the export is taken as carried out in the zone: the Measures apply.")
            if "export_in_zone" in self.sh.assumed
            else self.t("在区内开展，适用《管理办法》。", "Yes: the Measures apply."),
            self.cite(M, 2),
        )
        return self.m8_m20_sector_covered()

    def m8_m20_sector_covered(self) -> _ListRoute | None:
        """M8: the field must be covered by a published list; M20¶3: another FTZ's official list may be used;
        M20¶2: fields not covered follow the national rules."""
        f = self.f
        zone = f.registered_zone
        published = self.list_published()
        local = [lst for lst in self.sh.lists if lst.applies_in(zone)]
        if f.sector_list_published is False:
            return self._not_covered()  # "our field has no published list": taken as said (SPEC §3a), whatever field was read
        self._ask_if_unsure_of_a_list(local)
        if f.sector:
            for lst in local:
                sector = lst.find_sector(f.sector)
                if sector is not None:
                    self.step(
                        self.t("所属行业、领域是否已公布负面清单", "Is the field covered by a published negative list?"),
                        self.t(
                            f"“{sector.name}”领域已有负面清单{_list_kind(lst, 'zh')}，负面清单外的数据可以免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证。",
                            f"The field '{sector.name}' is covered by a negative list{_list_kind(lst, 'en')}; data outside the list is exempt from the three mechanisms.",
                        ),
                        self.cite(M, 8),
                        decisive=True,
                    )
                    return _ListRoute("shanghai", [lst], sector)
            for lst in self.sh.lists:
                sector = lst.find_sector(f.sector)
                if sector is not None and lst.status == "official" and not lst.applies_in(zone):
                    self.step(
                        self.t("可否参照其他自贸区负面清单", "May another FTZ's list be referred to?"),
                        self.t(
                            f"“{sector.name}”领域由其他自由贸易试验区正式发布的负面清单覆盖，可参照执行。",
                            f"The field '{sector.name}' is covered by another FTZ's officially published list, which may be referred to.",
                        ),
                        self.cite(M, 20, 3),
                        decisive=True,
                    )
                    return _ListRoute("shanghai", [lst], sector, via_other_ftz_list=True)
            if published and f.list_from_other_ftz:
                return self._m20_3_referred_list()
            if published:
                self.step(
                    self.t("所属行业、领域是否已公布负面清单", "Is the field covered by a published negative list?"),
                    self.t(
                        "据所述，贵单位所属领域已有公布的负面清单，但本系统未收录该清单，条目需由贵单位确认。",
                        "You say a published list covers your field, but it is not loaded here; its entries must be confirmed by you.",
                    ),
                    self.cite(M, 8),
                    decisive=True,
                )
                return _ListRoute("shanghai", [], None)
            return self._not_covered()
        if published is False:
            return self._not_covered()
        if published and f.list_from_other_ftz:
            return self._m20_3_referred_list()
        if published:
            # The user says their field has a list (or placed the data on/off it) without naming the field: the loaded
            # lists are searched across fields, and what they cannot confirm is taken as said (SPEC §3a).
            self.step(
                self.t("所属行业、领域是否已公布负面清单", "Is the field covered by a published negative list?"),
                self.t("据所述，贵单位所属领域已有公布的负面清单。", "You say a published list covers your field."),
                self.cite(M, 8),
                decisive=True,
            )
            return _ListRoute("shanghai", local, None)
        options = [
            Option(s.name, s.id, {"sector": s.id}) for lst in local for s in lst.sectors
        ]
        options.append(Option("其他行业", "another field", {"sector": "other", "sector_list_published": False}))
        raise NeedFact(
            "sector",
            {
                "zh": "贵单位属于哪个行业、领域？（负面清单目前覆盖的领域见选项）",
                "en": "Which field is your business in? (the fields the negative list covers are listed)",
            },
            options,
            basis=[self.cite(M, 8), self.cite(M, 20, 2)],
            default=len(options) - 1,
        )

    def _m20_3_referred_list(self) -> _ListRoute:
        """M20¶3: the user says another FTZ's officially published list covers the field; a Shanghai-zone processor
        may refer to it. Its entries are not loaded here, so what the user says about them is taken as said."""
        name = self.f.list_from_other_ftz or ""
        zh_name, en_name = other_ftz_label(name, "zh"), other_ftz_label(name, "en")
        self.step(
            self.t("可否参照其他自贸区负面清单", "May another FTZ's list be referred to?"),
            self.t(
                f"据所述，{zh_name}自由贸易试验区正式发布的负面清单覆盖贵单位所属领域；其他自贸区正式发布的数据出境负面清单，"
                "上海自贸试验区及临港新片区可参照执行。本系统未收录该清单，条目需由贵单位确认。",
                f"You say the officially published negative list of the {en_name} FTZ covers your field; the Shanghai FTZ "
                "and Lingang may refer to other FTZs' officially published lists. That list is not loaded here; its "
                "entries must be confirmed by you.",
            ),
            self.cite(M, 20, 3),
            decisive=True,
        )
        return _ListRoute("shanghai", [], None, via_other_ftz_list=True)

    def _ask_if_unsure_of_a_list(self, local: list[NegativeList]) -> None:
        """"我们这个行业到底有没有发布负面清单，我们不清楚": when only an illustrative list is loaded it cannot settle
        whether the field has a published list, so the user's doubt is asked, not resolved by the sample."""
        f = self.f
        if "sector_list_published" in f.unsure and f.sector_list_published is None and all(lst.status != "official" for lst in local):
            raise NeedFact(
                "sector_list_published",
                {"zh": "贵单位所属行业、领域是否已有正式公布的数据出境负面清单？",
                 "en": "Has a data-export negative list covering your field been officially published?"},
                _yes_no("sector_list_published"),
                basis=[self.cite(M, 8), self.cite(M, 20, 2)],
                default=1,
            )

    def _not_covered(self) -> _ListRoute | None:
        self.step(
            self.t("所属行业、领域是否已公布负面清单", "Is the field covered by a published negative list?"),
            self.t(
                "所属行业、领域未被负面清单覆盖，按《网络数据安全管理条例》《数据出境安全评估办法》《个人信息出境标准合同办法》《促进和规范数据跨境流动规定》等规定执行。",
                "The field is not covered by a negative list: the national rules (Network Data Regulation, Assessment Measures, Standard Contract Measures, the Provisions on Promoting and Regulating Cross-Border Data Flows) apply.",
            ),
            self.cite(M, 20, 2),
        )
        return None

    def p6_2_other_ftz_route(self) -> _ListRoute | None:
        """P6¶2: a processor in another FTZ uses its own zone's published list."""
        f = self.f
        self.step(
            self.t("是否适用上海《管理办法》", "Do the Shanghai Measures apply?"),
            self.t(
                "在其他自由贸易试验区注册，不适用上海《管理办法》；可适用本自由贸易试验区依法制定并备案的负面清单。",
                "Registered in another free trade zone: the Shanghai Measures do not apply, but that zone's own negative list may.",
            ),
            self.cite(M, 2),
        )
        if f.is_ciio is None:
            raise self._need_ciio()
        if f.is_ciio:
            self.step(
                self.t("关键信息基础设施运营者能否使用负面清单", "Can a CIIO use the negative list?"),
                self.t("关键信息基础设施运营者按国家规定判断。", "A CIIO follows the national rules."),
                self.cite(P, 7, 1, 1),
            )
            return None
        published = self.list_published()
        if published is None:
            raise NeedFact(
                "sector_list_published",
                {
                    "zh": "贵单位所在自由贸易试验区是否已正式公布覆盖贵单位所属行业、领域的数据出境负面清单？",
                    "en": "Has your free trade zone officially published a data-export negative list covering your field?",
                },
                _yes_no("sector_list_published"),
                basis=[self.cite(P, 6, 2)],
                default=1,
            )
        if not published:
            self.step(
                self.t("所在自贸区负面清单是否覆盖本领域", "Does the zone's list cover the field?"),
                self.t("未覆盖，按国家规定判断。", "No: the national rules decide."),
                self.cite(P, 6, 2),
            )
            return None
        own = [lst for lst in self.sh.lists if f.other_ftz_name and lst.applies_in(f.other_ftz_name)]
        sector = next((s for lst in own if f.sector for s in [lst.find_sector(f.sector)] if s), None)
        self.step(
            self.t("所在自贸区负面清单是否覆盖本领域", "Does the zone's list cover the field?"),
            self.t(
                "覆盖。自由贸易试验区内数据处理者向境外提供负面清单外的数据，可以免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证。",
                "Yes. Data outside that zone's negative list is exempt from the three mechanisms.",
            ),
            self.cite(P, 6, 2),
            decisive=True,
        )
        return _ListRoute("other_ftz", own, sector)


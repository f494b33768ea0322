"""The negative-list route for one data item (M8, P6¶2): the item is on the list or not, and the route its
entry states; an item off the list falls to the national rules.
"""

from __future__ import annotations

from typing import NoReturn

from assistant.answer.labels import STRICTNESS, route_label
from assistant.lists.match import match_items
from assistant.lists.model import ListItem, NegativeList, Scenario, Sector
from assistant.models import (
    Citation,
    DataItem,
    Route,
    VerdictCode,
)
from assistant.rules.core import M, N, NeedFact, Option, P, _list_kind, _ListRoute
from assistant.rules.national import _NationalRules


class _ListRouteRules(_NationalRules):
    """The negative-list route for one data item (M8, P6¶2): its list entry, the route the entry states."""

    # ---- per data item

    def item_route(self, index: int, item: DataItem, route: _ListRoute | None) -> VerdictCode:
        if route is not None:
            return self.list_item(index, item, route)
        return self.national(index, item)

    def list_item(self, index: int, item: DataItem, route: _ListRoute) -> VerdictCode:
        """M8 / P6¶2: data outside the list is exempt; data on it takes the entry's route."""
        name = self.item_name(index, item)
        important = self.important(index, item)
        entry = None
        on_list = item.on_list
        if item.list_item_id:
            for lst in route.lists or list(self.sh.lists):
                found = lst.find_item(item.list_item_id)
                if found is not None:
                    entry = (lst, *found)
                    break
            on_list = True
        art = self.cite(M, 8) if route.kind == "shanghai" else self.cite(P, 6, 2)
        if on_list is None:
            self.ask_on_list(index, item, route, art)
        if not on_list:
            return self.off_list(index, item, route, name, important, art)

        # On the list.
        if route.kind == "shanghai":
            self.shanghai_list_used = True
        purpose_exempt = {"foreign_collected_transit", "contract_with_individual", "hr_management", "emergency"}
        if not important and self.purposes(item) & purpose_exempt and self.contains_pi(index, item):
            # P4, P5(1)-(3) exempt every processor, whatever a list says of the data (P7¶2 and P8¶2 defer to them, as
            # for CIIOs, who cannot use the lists at all): a listed item that one of them covers is exempt.
            exempt = self.p4_p5_exemptions(index, item, name)
            if exempt is not None:
                return exempt
        if entry is None and item.list_route is not None:
            return self.stated_entry_route(name, item.list_route, important, art, route)
        if entry is None:
            return self.unknown_entry(index, item, route, name, art)
        return self.list_entry_route(index, item, route, name, important, art, entry)

    def ask_on_list(self, index: int, item: DataItem, route: _ListRoute, art: Citation) -> NoReturn:
        """M8 / P6¶2: is the data on the list? The entries that match its description are offered."""
        matches = (
            match_items(item.description, route.lists, sector=route.sector.id if route.sector else None)
            if item.description and route.lists
            else []
        )
        options = [
            Option(
                f"是：{m.item_id} {m.category}／{m.subcategory}",
                f"yes: {m.item_id} {m.category} / {m.subcategory}",
                {f"data_items[{index}].on_list": True, f"data_items[{index}].list_item_id": m.item_id},
            )
            for m in matches
        ]
        if options:
            options.append(Option("是，但属于其他条目", "yes, under another entry", {f"data_items[{index}].on_list": True}))
        else:
            options = [Option("是", "yes", {f"data_items[{index}].on_list": True})]
        options.append(Option("否（不在负面清单上）" if matches else "否", "no (not on the list)" if matches else "no",
                              {f"data_items[{index}].on_list": False}))
        what = item.description or self.t("拟出境的数据", "the data to be exported")
        raise NeedFact(
            f"data_items[{index}].on_list",
            {
                "zh": f"“{what}”是否属于负面清单所列数据？" + ("以下为可能对应的条目，请确认。" if matches else ""),
                "en": f"Is '{what}' data listed on the negative list?" + (" Possible entries are offered: please confirm." if matches else ""),
            },
            options,
            basis=[art],
            matches=matches,
            default=len(options) - 1,
        )

    def off_list(self, index: int, item: DataItem, route: _ListRoute, name: str, important: bool,
                 art: Citation) -> VerdictCode:
        """M8 / P6¶2: data outside the list is exempt — unless it is notified important data (N37, M9)."""
        if important:
            # N37 (a State Council regulation) requires an assessment for notified important data; M9 defers
            # to national rules. A list that omits notified important data does not lift that.
            self.step(
                name + self.t("负面清单外的重要数据", "Important data not on the list"),
                self.t(
                    "该数据不在负面清单上，但已被告知或者公开发布为重要数据；重要数据确需向境外提供的，应当通过数据出境安全评估，国家法律法规另有规定的依照其规定执行。",
                    "The data is not on the list but has been notified as important data; important data must pass a security assessment, and national rules prevail where they provide otherwise.",
                ),
                self.cite(N, 37),
                decisive=True,
            )
            self.step(name + self.t("国家规定优先", "National rules prevail"), self.t("依照国家规定执行。", "National rules apply."),
                      self.cite(M, 9), decisive=True)
            self.p7_important_data(name, self.purposes(item))
            return "security_assessment"
        self.step(
            name + self.t("数据是否在负面清单上", "Is the data on the negative list?"),
            self.t(
                "不在负面清单上：可以免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证。",
                "Not on the list: exempt from security assessment, standard contract and certification.",
            ),
            art,
            decisive=True,
        )
        if route.kind == "shanghai":
            self.shanghai_list_used = True
            self.lists_used.extend(route.lists)
            self.step(
                name + self.t("负面清单制度的国家依据", "The national basis of FTZ negative lists"),
                self.t("自由贸易试验区内数据处理者向境外提供负面清单外的数据，可以免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证。",
                       "Processors in a free trade zone may export data outside the zone's negative list without the three mechanisms."),
                self.cite(P, 6, 2),
                decisive=True,
            )
        return "exempt_negative_list"

    def unknown_entry(self, index: int, item: DataItem, route: _ListRoute, name: str, art: Citation) -> VerdictCode:
        """On the list, entry not known: ask which entry; with no list loaded, P6¶1 and the national thresholds."""
        candidates = [e for lst in route.lists for e in lst.entries()
                      if route.sector is None or e[0].id == route.sector.id]
        if candidates:
            matches = match_items(item.description, route.lists, k=5,
                                  sector=route.sector.id if route.sector else None) if item.description else []
            # Every entry of the field is a possible answer (best matches first); entries that the rules
            # treat alike (same route, kind and conditions) are tried once.
            ranked = {m.item_id: n for n, m in enumerate(matches)}
            entries = sorted((it for _, _, it in candidates), key=lambda it: ranked.get(it.id, len(ranked)))
            seen_kinds: set[str] = set()
            options = []
            for it in entries:
                kind = f"{it.route}|{it.data_kind}|{it.thresholds.model_dump_json()}"
                options.append(Option(f"{it.id} {it.category}／{it.subcategory}", f"{it.id} {it.category} / {it.subcategory}",
                                      {f"data_items[{index}].list_item_id": it.id}, explore=kind not in seen_kinds))
                seen_kinds.add(kind)
            raise NeedFact(
                f"data_items[{index}].list_item_id",
                {
                    "zh": f"“{item.description or '该数据'}”对应负面清单的哪一条目？",
                    "en": f"Which negative-list entry does '{item.description or 'the data'}' correspond to?",
                },
                options,
                basis=[art],
                matches=matches,
            )
        # The list is not loaded: P6¶1 — listed data is within the scope of the mechanisms; the national
        # thresholds choose between them, never less than a standard contract / certification.
        self.step(
            name + self.t("负面清单条目", "The list entry"),
            self.t(
                "该数据在负面清单上，但本系统未收录该清单条目；负面清单所列数据需要纳入数据出境安全评估、个人信息出境标准合同、个人信息保护认证管理范围，下面按国家规定确定具体方式。",
                "The data is on a list not loaded here; listed data falls within the three mechanisms, and the national rules choose which.",
            ),
            self.cite(P, 6, 1),
            decisive=True,
        )
        national = self.national(index, item, within_list=True)
        return max(national, "standard_contract_or_certification", key=lambda c: STRICTNESS[c])

    def list_entry_route(self, index: int, item: DataItem, route: _ListRoute, name: str, important: bool,
                         art: Citation, entry: tuple[NegativeList, Sector, Scenario, ListItem]) -> VerdictCode:
        """M8 / P6¶2: listed data takes its entry's route (its volume condition, or the national thresholds it
        defers to); notified important data still needs a security assessment (N37)."""
        lst, sector, scenario, list_entry = entry
        self.lists_used.append(lst)
        where = self.t(
            f"负面清单{_list_kind(lst, 'zh')}：{sector.name}／{scenario.name}／{list_entry.id} {list_entry.category}／{list_entry.subcategory}",
            f"Negative list{_list_kind(lst, 'en')}: {sector.name} / {scenario.name} / {list_entry.id} {list_entry.category} / {list_entry.subcategory}",
        )
        th = list_entry.thresholds
        if th.people_at_least is not None or th.sensitive_people_at_least is not None:
            reached = False
            if th.sensitive_people_at_least is not None:
                reached = reached or self.sensitive_band((th.sensitive_people_at_least,)) == 1
            if not reached and th.people_at_least is not None:
                reached = self.non_sensitive_band((th.people_at_least,)) == 1
            if not reached:
                self.step(
                    name + self.t("负面清单条目的数量条件", "The entry's volume condition"),
                    self.t(f"{where}：未达到该条目列明的数量条件，不属于负面清单所列数据，可以免予三项机制。",
                           f"{where}: below the entry's stated volume, so the data is outside the list and exempt."),
                    art,
                    decisive=True,
                )
                return "exempt_negative_list"
        if th.defer_to_national:
            self.step(
                name + self.t("负面清单条目", "The list entry"),
                self.t(f"{where}：该条目按国家规定的数量门槛确定出境方式。", f"{where}: the entry defers to the national thresholds."),
                art,
                decisive=True,
            )
            return self.national(index, item, within_list=True)
        code: VerdictCode = list_entry.route
        if important and code != "security_assessment":
            code = "security_assessment"
        self.step(
            name + self.t("负面清单条目", "The list entry"),
            self.t(f"{where}：该条目要求{route_label(list_entry.route, 'zh')}。",
                   f"{where}: the entry requires {route_label(list_entry.route, 'en')}."),
            art,
            decisive=True,
        )
        if important:
            self.important_data_step(name)
        if code != list_entry.route:
            self.step(name + self.t("重要数据", "Important data"),
                      self.t("国家规定优先：重要数据出境应当申报安全评估。", "National rules prevail for important data."),
                      self.cite(N, 37), decisive=True)
        return code

    def important_data_step(self, name: str) -> None:
        """Notified important data needs an assessment under national rules too (P7(2), N37), whatever a list entry names:
        the entry agrees or yields."""
        self.step(name + self.t("重要数据", "Important data"),
                  self.t("该数据已被告知为重要数据，应当通过数据出境安全评估。", "Notified important data needs a security assessment."),
                  self.cite(P, 7, 1, 2), decisive=True)

    def stated_entry_route(self, name: str, stated: Route, important: bool, art: Citation, route: _ListRoute) -> VerdictCode:
        """M8 / P6¶2: the user read the entry and names its route (SPEC §3a: taken as said, never re-asked). The
        loaded list is illustrative, so the entry could not be checked against an official table: said so."""
        self.lists_used.extend(route.lists)
        self.step(
            name + self.t("负面清单条目", "The list entry"),
            self.t(f"据您所述，该数据在负面清单上，对应条目要求{route_label(stated, 'zh')}（本系统未能据官方清单核对该条目）。",
                   f"You say the data is on the list and its entry requires {route_label(stated, 'en')} (the entry could not be checked against an official list here)."),
            art,
            decisive=True,
        )
        if important:
            self.important_data_step(name)
            return "security_assessment"
        return stated


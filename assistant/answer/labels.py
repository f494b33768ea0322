"""Human labels for verdict codes and list routes, in Chinese and English (SPEC §4–5).

One table so the CLI, the API, the web page and the helpdesk draft all say the same thing.
"""

from __future__ import annotations

from assistant.models import Language, Route, VerdictCode

VERDICT_LABELS: dict[VerdictCode, dict[Language, str]] = {
    "exempt_negative_list": {
        "zh": "可免予申报数据出境安全评估、订立标准合同、通过认证（负面清单外数据）",
        "en": "Exempt from security assessment, standard contract and certification (data not on the negative list)",
    },
    "exempt": {
        "zh": "免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证",
        "en": "Exempt from security assessment, standard contract and certification",
    },
    "standard_contract_or_certification": {
        "zh": "应订立个人信息出境标准合同或者通过个人信息保护认证",
        "en": "Standard contract or personal information protection certification required",
    },
    "security_assessment": {
        "zh": "应申报数据出境安全评估",
        "en": "Security assessment required",
    },
    "other_law": {
        "zh": "适用出口管制、对外贸易等其他法律法规的规定",
        "en": "Governed by other laws (export control, foreign trade)",
    },
    "needs_facts": {
        "zh": "需补充事实后才能判断",
        "en": "More facts needed before a verdict",
    },
    "info": {
        "zh": "制度说明",
        "en": "Information about the regime",
    },
    "out_of_scope": {
        "zh": "不属于数据出境问题",
        "en": "Not a data-export question",
    },
}

ROUTE_LABELS: dict[Route, dict[Language, str]] = {
    "security_assessment": {"zh": "数据出境安全评估", "en": "security assessment"},
    "standard_contract_or_certification": {
        "zh": "个人信息出境标准合同或者个人信息保护认证",
        "en": "standard contract or certification",
    },
}

# Strictness for combining several data items (SPEC §3.4): higher wins.
STRICTNESS: dict[VerdictCode, int] = {
    "exempt": 0,
    "exempt_negative_list": 0,
    "standard_contract_or_certification": 1,
    "security_assessment": 2,
    "other_law": 3,
}


def verdict_label(code: VerdictCode, language: Language = "zh") -> str:
    """The label of `code` in `language` (KeyError for an unknown code)."""
    return VERDICT_LABELS[code][language]


def route_label(route: Route, language: Language = "zh") -> str:
    """The name of a transfer mechanism in `language`."""
    return ROUTE_LABELS[route][language]

"""Purposes (P3, P4, P5(1)–(3)) and binding each purpose to its own data item (SPEC §3a).

Documented decisions:

* Purposes. ``trade_no_pi`` is added when the activity is one P3 names (国际贸易, 跨境运输, 学术合作, 跨国生产
  制造, 市场营销); whether the data holds PI is a separate fact the rules check. ``contract_with_individual``
  (跨境购物, 寄递, 支付, 开户, 机票酒店预订, 签证, 考试): ``individual_is_party`` is True only when an individual is
  named as the other party or the counterparties named are individuals (考生, 旅客, 消费者, consumers,
  travellers, buyers — not a bare 客户, which may be a company), False for a contract between
  companies (B2B, 与境外母公司/合作方签订的合同), unknown when both appear. ``hr_management`` with
  ``hr_rules_lawful`` from 劳动规章制度 / 集体合同 / 员工手册 / "collective agreement": SPEC §3 reads P5(2) as
  labour rules *or* a collective contract, so one present is enough ("按照劳动规章制度……没有集体合同" → True);
  only denials → False; "不确定是否有集体合同" → unknown. Mentioning such rules implies the HR purpose.
  ``foreign_collected_transit`` needs both "collected abroad" and "processed here / sent back";
  ``domestic_data_added`` from "加入境内个人信息" / "合并进了境内用户的个人信息" / "combined with domestic data"
  (negated → False).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.facts.items import _data_items, _item_flags
from assistant.facts.places import _CITIES_EN
from assistant.facts.polarity import _content_flag, _find, _polarity, _rx, _sentences, _status_flag, _Text
from assistant.facts.sensitive import _PI, _SENSITIVE
from assistant.models import DataItem, Purpose

# ------------------------------------------------------------------------------------------ purposes

_P3_TRADE = _rx(
    r"国际贸易|跨境贸易|进出口|外贸|跨境运输|国际运输|国际物流|跨境物流|国际货运|货运|报关|学术合作|学术交流|科研合作|合作研究|"
    r"跨国生产|跨国制造|生产制造|供应链|市场营销|营销活动|"
    r"international\s+trade|cross-border\s+trade|import\s+and\s+export|cross-border\s+(?:transport\w*|logistics|shipping)|"
    r"international\s+(?:transport\w*|logistics|shipping)|freight|customs\s+(?:clearance|declaration)|"
    r"academic\s+(?:cooperation|collaboration|exchange)|research\s+collaboration|co-?author\w*|joint\s+(?:research|stud(?:y|ies)|papers?)|"
    r"(?:research|university)\s+partners?|共同发表|联合发表|联合研究|共同研究|"
    r"(?:transnational|cross-border|multinational)\s+(?:manufacturing|production)|supply\s+chain|marketing|"
    r"工厂|生产线|良率|工艺参数|设备参数|物料清单|采购合同|采购订单|发票|提单|报关单|装箱单|订舱|货代|运单|舱单|集装箱号|货物品名|"
    r"\b(?:plant|factory|production\s+line|bills?\s+of\s+materials|boms?|machine\s+parameters|yield\s+data|procurement|"
    r"purchase\s+orders?|invoices?|shipping\s+documents?|bills?\s+of\s+lading|packing\s+lists?)\b"
)
_P4_FOREIGN = _rx(
    r"(?:境外|海外|国外)(?:收集|采集|获取|产生|客户|用户|数据|个人信息|personal\s*(?:information|data))|从境外(?:接收|获取|传入|传来)|"
    r"从(?:境外|海外|国外|日本|韩国|美国|欧洲|新加坡|香港|英国|德国|法国|澳洲|澳大利亚|东南亚)[^，,。；;]{0,6}?(?:传过来|传来|传入|发过来|发来|接收|推送|同步|导入|传输|传到|发到)|境外传入|离岸(?:数据)?(?:处理|外包)|"
    r"(?:日本|韩国|美国|欧洲|欧盟|新加坡|英国|德国|法国|澳洲|澳大利亚|东南亚|海外|外国|境外)(?:的)?(?:消费者|用户|客户|患者|旅客|会员|买家|客人)(?:的)?(?:咨询|工单|订单|数据|信息|资料|个人信息)|"
    r"(?:境外|海外|国外|欧洲|美国|日本|韩国|新加坡|香港|东南亚)[^，,。；;]{0,10}?(?:收集|采集|获取)|"
    r"collected\s+(?:(?:the\s+|personal\s+)?(?:data|it|them|information)\s+)?(?:in|from)\s+(?!china|the\s+prc|mainland|shanghai|beijing|our\s+chinese)(?:the\s+)?[a-z]+|"
    r"collected\s+(?:abroad|overseas|outside\s+(?:of\s+)?china|in\s+other\s+countries|from\s+overseas)|"
    r"collected\s+by\s+(?:our\s+|the\s+|a\s+|their\s+)?(?:overseas|foreign|singapore|japanese|korean|us|american|european|german|thai|"
    r"vietnamese|malaysian|indonesian|hong\s+kong|uk|british|french|australian)\s+(?:affiliate|parent|entity|partner|subsidiary|office|team|client|sites?)|"
    r"collected\s+by\s+(?:[a-z'-]+\s+){1,4}?(?:in|from)\s+(?!china|the\s+prc|mainland|shanghai|beijing)(?:the\s+)?[a-z]+|"
    r"come\s+in\s+from\s+(?!china|the\s+prc|mainland)(?:the\s+)?[a-z]+|(?:clients?|customers?|partners?)\s+(?:abroad|overseas|outside\s+china)\s+"
    r"(?:send|sends|provide|upload|give)\s+us|"
    r"(?:foreign|overseas)\s+(?:clients'?|customers'?|users'?)\s+(?:data|personal)|data\s+(?:received\s+)?from\s+(?:overseas|abroad)|"
    r"offshore\s+(?:data\s+)?processing|"
    r"(?:american|us|u\.s\.|uk|british|european|eu|canadian|japanese|korean|german|french|australian|singaporean|foreign|overseas)\s+"
    r"(?:clients?|customers?|users?|policyholders?|patients?|insurers?|airlines?|companies)\s+(?:send|sends|provide|upload|give)\s+us|"
    r"(?:uk|us|eu|european|canadian|japanese|korean|german|french|australian|foreign|overseas)\s+(?:policyholders|customers|users|patients|passengers)'?\s+"
    r"(?:data|details|contact\s+details|records|information)\s+(?:come|comes|are\s+sent|is\s+sent)\s+(?:in|to\s+us)"
)
_P4_RETURN = _rx(
    r"(?:处理|加工|分析|清洗|标注)后(?:再)?(?:向境外提供|传回|返回|发回|回传|提供给境外|交付)|传回境外|返回境外|发回境外|回传(?:至|给)?境外|回传|"
    r"(?:境内|国内|中国)(?:进行)?(?:处理|加工|分析|清洗|标注)后?(?:再)?(?:向境外|传回|返回|提供)|"
    r"(?:处理|加工|分析|清洗|标注)后[，,]?\s*(?:再)?(?:发给|发往|提供给|传给|交给)(?:境外|海外|国外)|返还|交还|退回给|发还|(?:处理|标注|转写|翻译|加工)(?:完|好)(?:后)?(?:再|直接)?(?:发|传|交|返)|"
    r"(?:send|sends|sending)\s+(?:[\w-]+\s+){0,3}back|sent\s+back|return\s+flow|go(?:es)?\s+(?:straight\s+|directly\s+)?back|(?:foreign|overseas)\s+data\s+(?:in|comes\s+in)[^.;]{0,20}out|"
    r"(?:transfer|return)\w*\s+(?:it|them|the\s+data\s+)?back|"
    r"returned?\s+(?:it\s+|them\s+)?(?:abroad|overseas|to\s+(?:the|our)\s+(?:client|customer))|processed\s+in\s+china\s+and\s+(?:sent|returned|transferred)"
)
_P4_DOMESTIC = _rx(
    r"(?:加入|添加|增加|引入|融合|合并|结合|补充|关联|叠加|汇入|混合|掺入|掺杂|掺|混入|夹带|匹配|比对|加(?=任何|了|上|进))(?:[^，,。；;]|(?<=\d),(?=\d)){0,20}?(?:境内|国内|中国境内)"
    r"(?:[^，,。；;]|(?<=\d),(?=\d)){0,10}?(?:个人信息|信息|资料|数据|重要数据|personal\s*(?:information|data))|"
    # "includes about 600 Dalian employees … which we pull from our Dalian HR system": people and records from a place in China
    r"(?:pull|take|draw|fetch|extract|export)\w*\s+(?:them\s+|it\s+)?from\s+our\s+(?:own\s+)?(?:" + _CITIES_EN + r"|china|chinese|domestic|local|mainland)\s+"
    r"(?:[a-z]+\s+)?(?:system|database|db|records|crm|erp)|"
    r"includ\w*\s+(?:about\s+|around\s+|some\s+)?[\d,]+\s+(?:" + _CITIES_EN + r"|chinese|china-based|domestic|mainland)\s+(?:employees|staff|customers|users)|"
    # "we merge in personal information of 1.2 million domestic Chinese customers"
    r"(?:add|merge|combine|mix|append|attach)\w*\s+(?:in\s+)?(?:the\s+)?(?:personal\s+)?(?:information|data|records|profiles|details|个人信息|个人数据)\s*of\s+"
    r"(?:(?:about|around|some|roughly)\s+)?(?:[\d.,]+\s*(?:million|m|k|thousand)?\s+)?(?:[a-z]+\s+){0,2}?(?:domestic|chinese|china|local|mainland)\b|"
    # "enrich those records by matching them against our own Chinese membership database", "attach 150k Chinese members' profiles"
    r"(?:enrich\w*|match\w*|attach\w*|append\w*|link\w*|join\w*|cross-?check\w*|check\w*\s+against)(?:[^.;]|(?<=\d)\.(?=\d)){0,80}?\b(?:chinese|domestic|china|local|mainland)\s+"
    r"(?:[a-z'-]+\s+){0,2}?(?:database|db|data|profiles?|records?|base|details|information|verifications?|checks?|results|ids?|numbers?)|"
    r"(?:境内|国内)(?:收集|产生)?的?(?:个人信息|数据|personal\s*(?:information|data))(?:也|一并|一起)?(?:加入|合并|汇入)|"
    r"(?:add|adding|added|combine|combining|combined|merge|merging|merged|enrich|enriching|enriched|mix|mixing|mixed|pull\w*\s+in)"
    r"(?:[^.;]|(?<=\d)\.(?=\d)){0,30}?\b(?:domestic|chinese|china-collected|china|local)\s+(?:personal\s+)?(?:data|information|users?'?\s+data|"
    r"(?:client|customer|user|member|membership|crm)\s*(?:base|records|data|database|db)|database|db)|"
    r"(?:add|adding|added|combine|combining|merge|merging|mix|mixing)\w*\s+(?:in\s+)?(?:[^.;]|(?<=\d)\.(?=\d)){0,60}?\b(?:chinese|domestic|china)\s+"
    r"(?:users?'?|customers?'?|people's|individuals'?|residents'?)\s+(?:[a-z-]+\s+){0,2}?(?:data|information|images|photos|records|profiles|details|faces?)|"
    r"(?:add|adding|added|combine|combining|merge|merging|mix|mixing)\s+(?:any\s+)?(?:personal\s+)?(?:data|information)\s+(?:about|on|of)\s+"
    r"(?:people|individuals|persons|users|customers|anyone|anybody|residents)\s+(?:in|from)\s+(?:mainland\s+)?china"
)
# "Foreign data in, foreign data out — nothing from China gets mixed in": a statement that nothing domestic is added.
_P4_NOTHING_DOMESTIC = _rx(
    r"nothing\s+(?:from\s+(?:china|the\s+prc|the\s+mainland)|domestic|chinese|local)[^.;]{0,24}?(?:mixed|added|combined|merged|included)|"
    r"no\s+(?:domestic|chinese|china)\s+(?:personal\s+)?(?:data|information)\s+(?:is|gets|will\s+be)\s+(?:ever\s+)?(?:mixed|added|combined|merged)"
)
_P4_DOMESTIC_NEG_ONLY = _rx(
    r"(?:境内|国内)(?:收集|产生)?的?(?:个人信息|个人数据|重要数据|用户数据|personal\s*(?:information|data))|domestic\s+(?:personal\s+)?(?:data|information)|"
    r"(?:(?:personal\s+)?(?:data|information)|个人信息|个人数据)\s*collected\s+in\s+china|china-collected|chinese\s+(?:personal\s+|users'?\s+)?(?:data|information)|"
    r"data\s+from\s+china"
)
_P51_CONTRACT = _rx(
    # 快递 is the buyer's parcel; 快递员 / 快递司机 are workers whose own data no buyer's contract covers
    r"跨境购物|海淘|跨境(?:出口|进口)?电商|出口电商|(?:买家|用户|顾客|消费者|客户|会员|旅客|乘客)(?:在[^，,。]{0,8})?下单|"
    r"跨境寄递|国际快递|寄递|快递(?!员|司机|小哥|骑手|网点员工)|跨境支付|支付服务|在线支付|支付结算|跨境汇款|开户|开立账户|机票|酒店预订|预订酒店|"
    r"订酒店|订机票|订房|航班预订|签证|考试服务|考试报名|国际考试|(?:语言|入学|留学|标准化|资格|认证)考试|(?:报名|参加|代报)[^，,。]{0,8}考试|留学申请|托福|雅思|履行[^，,。]{0,10}合同|订立、履行|"
    r"(?:向境外(?:商户|商家|卖家)|跨境|境外)(?:付款|支付|消费)|收单|payments?\s+to\s+(?:overseas|foreign)\s+merchants|pay\s+(?:overseas|foreign)\s+merchants|"
    r"exam\s+boards?|sit\s+(?:the|an|their)\s+exams?|(?:register\w*|sign\w*\s+up)\s+for\s+(?:the|an|their)\s+exams?|报考|"
    r"buy\w*\s+(?:(?:air|plane|flight|train)\s+)?tickets|ticket\s+(?:purchases?|bookings?)|tickets?\s+sold|passenger\s+name\s+records?|\bpnrs?\b|购票|买票|订票|出票|"
    r"wire\s+(?:money|funds|a\s+payment)|send\s+money\s+abroad|international\s+(?:wire|money\s+transfer|remittance)|电汇|境外汇款|向境外汇款|"
    r"cross-border\s+(?:shopping|e-?commerce|delivery|payments?|remittance)|parcel\s+delivery|"
    r"(?:buyers?|shoppers?|consumers?|customers?)\s+(?:order|buy|purchase)\w*\s+(?:goods\s+|products\s+|items\s+)?(?:directly\s+)?"
    r"(?:from|on)\s+(?:our\s+)?(?:overseas|foreign|international|cross-border|japanese|korean|us|european)|courier(?!s?'|s\b|\s+(?:staff|drivers?|workers?|riders?))|"
    r"international\s+delivery|"
    r"payment\s+(?:processing|services?)|account\s+opening|open(?:ing)?\s+(?:an\s+)?accounts?|(?:air|flight|airline|plane)\s+(?:tickets?|bookings?)|"
    r"hotel\s+(?:bookings?|reservations?)|book(?:ing)?\s+(?:[\w-]+\s+){0,2}?(?:flights?|hotels?)|visa\s+(?:applications?|processing|services?)|"
    r"exam(?:ination)?\s+(?:services|registration)|(?:admissions?|entrance|language|standardi[sz]ed|proficiency)\s+(?:tests?|exams?)|"
    r"\b(?:toefl|ielts|gre|gmat|sat)\b|online\s+shopping|booking\s+(?:website|platform|site|engine)|book\s+rooms?|room\s+bookings?|"
    r"perform(?:ing)?\s+(?:a|an|our|the|its)\s+(?:[a-z-]+\s+)?contract|performance\s+of\s+(?:a|the)\s+contract|"
    r"\bbooks?\s+(?:a\s+|one\s+of\s+our\s+|our\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:hotels?|rooms?|flights?|tickets?|stays?|tours?)|"
    r"for\s+(?:their\s+|our\s+)?(?:international\s+)?flights|执行航班|航班执行|值机|check-?in\s+(?:for|of)\s+passengers|"
    r"(?:confirm|make|process|complete|fulfil+)\w*\s+(?:their|the|its|our|customers'?|guests'?|travell?ers'?)?\s*(?:hotel\s+|flight\s+|room\s+)?"
    r"(?:bookings?|reservations?)|online\s+travel\s+agenc\w*|在线旅游|旅游平台|确认预订|完成预订|确认订单"
)
_INDIVIDUAL_PARTY = _rx(
    r"(?:个人|用户|消费者|旅客|乘客|客户本人|本人|学员|考生|持卡人|买家|个人客户)(?:本人)?(?:作为|是)(?:合同)?(?:的)?(?:一方|当事人)|"
    r"与(?:个人|消费者|用户|旅客|乘客|考生|买家|持卡人|个人客户)(?:本人)?(?:签订|订立|之间)的?(?:合同|协议)|个人作为一方当事人|"
    r"为(?:个人)?(?:消费者|旅客|乘客|考生|个人客户|个人用户|买家)(?:提供|办理|预订)|面向(?:个人|消费者)|\bb2c\b|to\s+consumers|"
    r"(?:帮|为|给|替)(?:客户|旅客|游客|用户|客人|学员|考生|学生)(?:办理|办|预订|订|申请|报名)|"
    r"(?:客户|旅客|游客|用户|客人|学员|考生|学生|申请人)(?:自己|本人)?(?:办理?|申请|预订|报名)(?:签证|护照|机票|酒店|考试)|"
    r"签证代办|代办签证|(?:出国|留学|移民|签证)(?:中介|代办|服务机构)|visa\s+(?:agen(?:t|cy|cies)|services?\s+for\s+(?:individuals|travell?ers|students|applicants))|(?:和|与)(?:客户|旅客|用户|消费者)(?:之间)?的合同|"
    r"(?:用户|消费者|买家|客人|旅客)[^，,。]{0,14}?(?:下单|购买|预订|订房)|"
    r"(?:guests?|travell?ers?|customers?|shoppers?|consumers?|buyers?|users?|members?)\s+(?:book|order|buy|purchase)|"
    r"(?:individual|consumer|customer|traveller|traveler|passenger)s?\s+(?:is|are)\s+(?:a\s+)?part(?:y|ies)|contract\s+with\s+the\s+(?:individual|consumer|customer|traveller|traveler)|"
    r"for\s+(?:individual\s+)?(?:consumers|travell?ers|passengers|shoppers|buyers|candidates|applicants)|our\s+(?:individual\s+)?(?:shoppers|buyers|travell?ers|passengers)"
)
_INDIVIDUAL_NOUNS = _rx(
    r"考生|旅客|乘客|消费者|个人用户|个人客户|买家|游客|住客|学员|持卡人|留学生|寄件人|收件人|开户人|汇款人|付款人|乘机人|入住人|"
    r"learners|test-?takers|examinees|exam\s+candidates|each\s+(?:learner|candidate|student|buyer|customer|traveller|traveler|guest)|"
    r"\b(?:a|the)\s+(?:guest|customer|passenger|traveller|traveler|buyer|shopper)\s+(?:books|buys|orders|pays|asks)|"
    r"remitters|payers|senders\s+of\s+(?:remittances|payments)|"
    r"individual\s+(?:consumers|customers|buyers|travell?ers|tourists)|consumers|travell?ers|tourists|passengers|candidates|shoppers|buyers|guests|"
    r"(?:individual|retail|private|mainland|personal)\s+(?:clients?|customers?|investors?)|senders|account\s+holders"
)
_B2B = _rx(
    r"(?:和|与)(?:境外|海外|国外)?(?:的)?(?:一家|某)?[\u4e00-\u9fff]{0,8}?(?:公司|企业|机构)签(?:了|订|署)?(?:的)?[\u4e00-\u9fff]{0,4}?(?:合同|协议)|"
    r"合同是(?:和|与)[^，,。]{0,12}?(?:公司|企业)签|客户(?:都)?是(?:境外)?(?:的)?(?:企业|公司|机构)|"
    r"our\s+(?:customers|clients)\s+are\s+(?:foreign\s+|overseas\s+)?(?:companies|businesses|corporates|enterprises)|"
    r"\bb2b\b|企业之间|公司之间|两家公司|两家企业|企业间|公司对公司|企业对企业|"
    r"(?:和|与|跟)(?:境外|海外|国外)?[^，,。；;]{0,8}?(?:厂家|厂商|供应商|经销商|代理商|品牌方|合作方|总部)签(?:了|订|署)?(?:的)?[^，,。；;]{0,6}?(?:合同|协议)|"
    r"与(?:境外)?(?:母公司|子公司|关联公司|合作方|合作伙伴|供应商|企业客户|公司客户|企业|公司|外方|再保险人|分出公司|船东)(?:之间)?(?:签订|订立|签署)的?(?:合同|协议)|"
    r"(?:个人|用户|客户本人|消费者|旅客|乘客)(?:并)?(?:不是|并非|不属于|未作为)(?:合同)?(?:的)?(?:一方|当事人)|"
    r"between\s+(?:two\s+|our\s+)?(?:companies|businesses|entities|firms)|business-to-business|"
    # the contacts are staff of client companies: the sales contract is with the companies ("every purchasing manager
    # contact at our Chinese client companies", "客户企业联系人")
    r"(?:contacts?|managers?|engineers?|buyers?|staff|employees)\s+(?:at|of|from)\s+(?:our\s+)?(?:\w+\s+)?(?:client|customer)\s+compan(?:y|ies)|"
    r"(?:client|customer)\s+compan(?:y|ies)'?\s+(?:contacts?|purchasing|procurement|staff)|corporate\s+(?:clients?|customers?)|"
    r"客户企业(?:的)?(?:联系人|采购|工程师|对接人|员工)|企业客户(?:的)?(?:联系人|对接人)|对公客户|"
    r"(?:contracts?|agreements?)\s+with\s+(?:that|this|the|our|a|an)\s+(?:[a-z-]+\s+){0,2}?(?:partner|company|supplier|vendor|firm|business|oem|"
    r"manufacturer|distributor|brand|corporation|group|customer\s+company|client\s+company)|"
    r"(?:contract|agreement)\s+(?:is\s+)?(?:between|with)\s+(?:our|the|a|an)\s+(?:company|companies|parent|subsidiary|affiliate|partner|supplier|vendor|"
    r"client\s+company|overseas\s+company|foreign\s+company|reinsurer|cedent)|individuals?\s+(?:is|are)\s+not\s+(?:a\s+)?part(?:y|ies)|not\s+a\s+party\s+to"
)
_P52_HR = _rx(
    r"跨境人力资源管理|人力资源管理|人力资源|人事管理|人事系统|hr系统|hr管理|(?<![a-z])hr(?![a-z])|薪酬管理|薪资发放|工资发放|发放工资|全球人事|员工管理|考勤|绩效|"
    r"human\s+resources?|payroll|global\s+hr|employee\s+management|workforce\s+management"
)
_HR_RULES = _rx(
    r"依法制定的?(?:劳动)?规章制度|劳动规章制度|规章制度|集体合同|员工手册|"
    r"collective\s+(?:contract|agreement|labou?r\s+contract)s?|labou?r\s+rules|work\s+rules|(?:employee\s+|staff\s+)?handbook|internal\s+labou?r\s+(?:rules|regulations)|"
    r"company\s+rules"
)
_RULES_HEDGED = _rx(
    r"应该(?:是)?(?:合规|合法|没问题|可以)|(?:大概|可能|估计)(?:是)?(?:合规|合法)|不太清楚|不清楚|不确定|说不准|吧[，,。？?]|"
    r"\b(?:i|we)\s+(?:think|believe|assume|guess)\b|\bprobably\b|\bshould\s+be\s+(?:fine|ok|compliant|lawful)|not\s+sure|no\s+idea|don'?t\s+know"
)
# P5(2) needs rules adopted by the statutory procedure (劳动合同法 art. 4): a denial of that procedure denies the rules.
_HR_RULES_UNLAWFUL = _rx(
    r"(?:总部|集团|管理层|母公司)[^，,。；;]{0,4}?(?:直接|单方面|自行)(?:下发|发|制定|发布|拟定|套用)|"
    # the procedure still to come: "职代会还没开", "HR说下个月补程序", "工会尚未讨论"
    r"(?:职代会|职工代表大会|职工大会|工会|民主程序|民主协商|公示)[^，,。；;]{0,4}?(?:还|尚|都|也)?(?:没|未|没有)(?:开|召开|讨论|审议|通过|走|进行|做)|"
    r"(?:下个?月|之后|以后|事后|回头|后面|后续|再)(?:再)?补(?:走|办|开)?(?:程序|流程|手续|职代会|公示|民主程序)|"
    r"(?:没有|未|未经|没经过|没有经过|未经过|不经过|没走|没有走|未走|没通过|未通过|没经)[^，,。；;]{0,6}?(?:职代会|职工代表大会|全体职工|职工大会|工会|民主程序|民主协商|公示)|"
    r"(?:hr|人事|人力资源部?|管理层|老板)(?:部门)?自(?:己|行)(?:起草|制定|拟定|写)|"
    r"(?:never|not)\s+(?:been\s+)?(?:adopted|approved|consulted|discussed|passed)\s+(?:through|by|with)\s+(?:the\s+)?"
    r"(?:(?:employee|worker|staff)s?'?\s+(?:representative\s+)?(?:congress|assembly|council)|union|workforce|staff)|"
    r"without\s+(?:any\s+)?(?:employee|worker|staff|union)\s+(?:consultation|representatives?|congress)|"
    r"drafted\s+by\s+(?:hr|management)\s+(?:alone|only|itself)|no\s+collective\s+(?:contract|agreement)|"
    r"(?:has|have)\s*(?:n't|not)\s+(?:yet\s+)?(?:gone|been)\s+through\s+(?:the\s+|any\s+)?(?:union|works\s+council|employee|staff|workers'?|democratic)|"
    r"(?:plans?|intends?|wants?|is\s+going|are\s+going)\s+to\s+(?:do|complete|run|hold|finish)\s+(?:it|that|this|the\s+\w+)\s+"
    r"(?:later|next\s+(?:month|quarter|year)|afterwards|after\s+the\s+(?:transfer|fact))|"
    r"(?:union|works\s+council|employee\s+congress|staff\s+representatives?|workers'?\s+congress)\s+(?:has|have)\s*(?:n't|not)\s+(?:yet\s+)?"
    r"(?:met|been\s+consulted|approved|reviewed|discussed)|not\s+yet\s+(?:been\s+)?(?:consulted|approved\s+by|adopted|put\s+to)|"
    r"(?:consultation|procedure|union\s+approval)\s+(?:is\s+)?(?:still\s+)?pending|(?:do|complete|run|hold)\s+the\s+(?:consultation|procedure|vote)\s+"
    r"(?:later|next\s+month|afterwards)|issued\s+(?:directly\s+|unilaterally\s+)?by\s+(?:hq|headquarters|the\s+parent|group)"
)
_P53_EMERGENCY = _rx(
    r"紧急情况|紧急状况|紧急医疗|急救|医疗救助|紧急救援|救援|抢救|急诊|病危|突发重病|生命健康和财产安全|生命健康|人身财产安全|突发(?:疾病|事件|事故)|"
    r"住院抢救|重症监护|\bicu\b|车祸|意外受伤|昏迷|急需(?:救治|手术|抢救)|重伤|受重伤|病危|病重|"
    r"突发[\u4e00-\u9fff]{0,3}?(?:病|梗|症|中风|昏迷|休克|过敏|意外|心脏)|心梗|心肌梗|脑梗|脑溢血|中风|"
    r"heart\s+attack|stroke|cardiac\s+arrest|anaphyla\w*|"
    r"emergenc\w*|life,?\s+health|vital\s+interests|medical\s+evacuation|rescue|save\s+(?:his|her|their|a|the|someone's)\s+(?:life|lives)|life-(?:threatening|saving)|"
    r"hospitali[sz]ed|intensive\s+care|critical\s+condition|unconscious|(?:road|car|traffic)\s+accident|urgent(?:ly)?\s+(?:treatment|surgery|care)|"
    r"(?:seriously|severely|critically|badly)\s+(?:injured|ill|hurt|wounded)"
)


# P5(2) is the processor's management of its own staff: payroll run for client companies is a service to them.
_HR_FOR_OTHERS = _rx(
    r"(?:client|customer)\s+compan(?:y|ies)'?\s*(?:s'?\s+)?employees|(?:clients'|customers')\s+(?:staff|employees)|hr\s+outsourc\w*|"
    r"payroll\s+(?:outsourc\w*|services?\s+for|for\s+client)|(?:run|process)\w*\s+payroll\s+for\s+(?:client|other)|"
    r"人力资源外包|人事外包|代发工资|代发薪|代理发薪|客户(?:公司|企业)的员工|为客户(?:公司|企业)"
)
_DOMESTIC_DOUBT = _rx(
    r"(?:can'?t|cannot|unable\s+to|couldn'?t)\s+(?:confirm|tell|say)\s+(?:whether|if)|not\s+sure\s+(?:whether|if)|unclear\s+whether|"
    r"不确定是否|无法确认是否|说不准|不清楚(?:是否|有没有)"
)
# Words in quotes: a name or a label someone used ("同事说这属于'紧急情况下保护生命健康'"), not a statement of fact.
_QUOTED = re.compile(r"'[^'\n]{2,60}'|‘[^’\n]{2,60}’|“[^”\n]{2,60}”|「[^」\n]{2,60}」|\"[^\"\n]{2,60}\"")
_PREPAREDNESS = _rx(
    r"preparedness|just\s+in\s+case|in\s+case\s+(?:something|anything|of\s+(?:an?\s+)?emergenc)|contingenc\w*|nothing\s+has\s+happened|"
    r"no\s+emergency\s+(?:has|yet)|以防万一|以备不时之需|未雨绸缪|应急预案|预防性|提前(?:准备|备案|上传)|还没(?:有)?(?:发生|出事)|尚未发生"
)


def _purpose_facts(t: _Text) -> dict[str, Any]:
    purposes: list[Purpose] = []
    out: dict[str, Any] = {}

    def positive(pat: re.Pattern[str]) -> bool:
        return any(p == "pos" for _, _, p in _find(t, pat))

    if positive(_P3_TRADE):
        purposes.append("trade_no_pi")
    if positive(_P4_FOREIGN) and _P4_RETURN.search(t.low):
        purposes.append("foreign_collected_transit")
    added = [p for _, _, p in _find(t, _P4_DOMESTIC)]
    added += [p for _, _, p in _find(t, _P4_DOMESTIC_NEG_ONLY) if p == "neg"]
    added += ["neg" for _, _, p in _find(t, _P4_NOTHING_DOMESTIC) if p == "pos"]
    if added:
        out["domestic_data_added"] = _content_flag(added)
        if "pos" in added and _DOMESTIC_DOUBT.search(t.low):
            # "the team 'sometimes' cross-checks against our China database, but I can't confirm whether any China-collected
            # data actually ends up in what we send back": stated with doubt, so unknown (asked when it decides)
            out["domestic_data_added"] = None
    contracts = [t.low[s:e] for s, e, p in _find(t, _P51_CONTRACT) if p == "pos"]
    if contracts:
        purposes.append("contract_with_individual")
    party = [p for _, _, p in _find(t, _INDIVIDUAL_PARTY) if p != "unsure"]
    from_nouns = False
    if not party:
        # the counterparties named are individuals (考生, 旅客, consumers): they are the contract's other party
        party = [p for _, _, p in _find(t, _INDIVIDUAL_NOUNS) if p == "pos"]
        from_nouns = bool(party)
    b2b = [p for _, _, p in _find(t, _B2B) if p != "unsure"]
    generic = bool(contracts) and all(re.search(r"合同|contract|agreement", c) for c in contracts)
    if b2b and party and from_nouns and generic and "pos" in b2b:
        # "under our distribution agreement with the US manufacturer we must send our consumers' list": the contract
        # performed is between companies; consumers named as the data's subjects are not its party (SPEC §3a trap)
        out["individual_is_party"] = False
    elif b2b and party:
        out["individual_is_party"] = None
    elif b2b:
        out["individual_is_party"] = False if "pos" in b2b else None
    elif party:
        out["individual_is_party"] = _status_flag(party)
    for_others = _HR_FOR_OTHERS.search(t.low)
    if for_others and _polarity(t, *for_others.span()) == "pos":
        out["own_employees"] = False  # kept as a fact, so a later "does the HR exemption help us?" cannot bring P5(2) back
    if positive(_P52_HR) and not for_others:
        purposes.append("hr_management")
    # "员工手册是去年更新的，应该是合规的吧，具体怎么通过的我不太清楚": a hedge in the rules' sentence leaves them unknown
    rules = ["unsure" if p == "pos" and _RULES_HEDGED.search(t.low[slice(*t.sentence(s))]) else p for s, _, p in _find(t, _HR_RULES)]
    if rules:
        # P5(2) as SPEC §3 reads it: lawful labour rules *or* a collective contract. A condition of an exemption
        # needs positive evidence (SPEC §3a): a hedge leaves it unknown, a denial of the procedure denies it.
        if "unsure" in rules:
            out["hr_rules_lawful"] = None
        elif any(p == "pos" for _, _, p in _find(t, _HR_RULES_UNLAWFUL)):
            out["hr_rules_lawful"] = False
        else:
            out["hr_rules_lawful"] = _content_flag(rules)
        if "pos" in rules and "hr_management" not in purposes and not _HR_FOR_OTHERS.search(t.low):
            purposes.append("hr_management")
    quoted = [m.span() for m in _QUOTED.finditer(t.low)]
    emergency = [p for s, _, p in _find(t, _P53_EMERGENCY) if not any(qs <= s < qe for qs, qe in quoted)]
    if "pos" in emergency and not _PREPAREDNESS.search(t.low):
        purposes.append("emergency")  # "for emergency preparedness, just in case": nothing has happened, no P5(3)
    out["purposes"] = purposes
    return out


# A purpose of its own that no exemption covers: the data of that sentence is not sent for the contract, the HR
# management or the emergency the rest of the question names ("市场部还想把…传给总部训练推荐模型").
# An aim of its own ("for marketing segments", "for group-level risk dashboards"), as opposed to the people named below.
_OTHER_AIM = _rx(
    r"训练|建模|模型|画像|推荐|营销|市场分析|市场推广|广告|精准投放|再营销|数据分析|统计分析|分析|规划|研究|研发|准入|审核|尽调|背景调查|风控|验厂|社会责任|审计|"
    r"\b(?:train\w*|model\w*|profil\w*|recommendation\w*|marketing|advertis\w*|analytics|analysis|research|r&d|retarget\w*|remarketing|"
    r"ad-?tech|personali[sz]\w*|segment(?:s|ation)|risk\s+(?:dashboards?|management|analytics|control|monitoring|models?|reporting)|"
    r"fraud\s+(?:detection|analytics|monitoring|models?)|dashboards?|onboarding|vetting|due\s+diligence|background\s+checks?)\b"
)
_OTHER_PURPOSE = _rx(
    _OTHER_AIM.pattern + r"|福利登记|保险福利|家属|供货商|供应商|对接人|快递员|骑手|司机|"
    r"\b(?:supplier\w*|vendors?|couriers?|drivers?|famil(?:y|ies)|dependants?)\b"
)
_EXEMPTING = ("foreign_collected_transit", "contract_with_individual", "hr_management", "emergency")


def _bind_purposes(t: _Text, items: list[DataItem], purposes: Sequence[Purpose]) -> list[DataItem]:
    """SPEC §3a: a purpose belongs to the data it is stated for. When several sentences each send personal data
    and they differ in purpose — one for the buyers' orders, another for model training or supplier vetting —
    each sentence's data becomes its own item with its own purposes, so an exemption stated for one item never
    exempts the others. Otherwise the items are left as they are (the export's purposes apply to all)."""
    exempting = [p for p in purposes if p in _EXEMPTING]
    if not exempting:
        return items
    segments: list[tuple[int, int, list[Purpose]]] = []
    for ss, se in _sentences(t):
        text = t.low[ss:se]
        if not (_PI.search(text) or (_SENSITIVE.search(text) and (_DATA_WORD.search(text) or not _AGE_OR_MINORS.search(text)))):
            continue  # ("a tutoring platform for kids aged 8 to 12" describes the users; no data is sent in it)
        sub = _Text(t.raw[ss:se])
        own = [p for p in _purpose_facts(sub)["purposes"] if p in _EXEMPTING]
        if own:
            segments.append((ss, se, own))
        elif _OTHER_PURPOSE.search(text):
            segments.append((ss, se, []))
        else:
            segments.append((ss, se, list(exempting)))
    if not segments:
        return items
    if all(seg[2] == segments[0][2] for seg in segments) and (
        segments[0][2] or not (_WORKERS_DATA.search(t.low) or any(_OTHER_AIM.search(t.low[ss:se]) for ss, se, _ in segments))
    ):
        return items  # one purpose for all the data
    # Otherwise each sentence's data gets its own purposes. This includes data sent for an aim of its own, or workers' own
    # data, where the exemption's words sit only in sentences that send none ("要把合作车队司机的姓名、轨迹同步过去……我们的
    # 业务本身就是跨境寄递", "the full loyalty database … to build global marketing segments" beside "hotel bookings are
    # exempt"): the exemption belongs to the business, not to this data.
    out: list[DataItem] = []
    for ss, se, own in segments:
        sub = _Text(t.raw[ss:se])
        inside = _data_items(sub)
        description = "、".join(i.description for i in inside) or t.raw[ss:se].strip(" ，,。；;")[:40]
        flags = _item_flags(description, t.raw[ss:se])
        out.append(flags.model_copy(update={"purposes": own or ["other"]}))
    return out


_AGE_OR_MINORS = _rx(r"儿童|少儿|小朋友|未成年|幼儿|小学生|\bkids\b|children|minors|aged\s+\d|\d+\s*岁")
_DATA_WORD = _rx(r"数据|信息|资料|记录|档案|病历|报告|结果|data|records?|information|files?|reports?|results|scans?|images?|recordings?")
# Workers' own data as the data sent ("合作车队司机的姓名、手机号", "couriers' names and GPS tracks"), not workers as recipients.
_WORKERS_DATA = _rx(
    r"(?:司机|骑手|快递员|配送员|快递小哥|车队|船员|供应商联系人|工人|代工厂员工)(?:的)?(?:姓名|手机|电话|身份证|驾驶证|信息|数据|轨迹|位置|资料)|"
    r"(?:drivers?|couriers?|riders?|delivery\s+staff|crew)(?:'s|s')?\s+(?:names?|phones?|mobile|data|details|locations?|gps|ids?|licen[cs]es?|tracks?)"
)


# A later chat message that adds data to the export ("We'd also like to send…", "另外，我们还要把……发给……").
_FURTHER_DATA = _rx(
    r"另外|此外|还要|还会|还想|还需要|也要|也想|也会|同时还|再把|"
    r"\balso\b|additionally|as\s+well|in\s+addition|separately|on\s+top\s+of\s+that|another\s+(?:transfer|dataset|data\s+set)|"
    r"现在(?:还)?(?:想|要|打算)|又想|追加|\bnow\s+(?:wants?|plans?|intends?)\s+to\b|\b(?:attach|append|enrich)\w*"
)


def states_further_data(text: str) -> bool:
    """Whether a message adds data to the export under way (SPEC §3a: a purpose belongs to its own data item)."""
    t = _Text(text)
    return bool(_FURTHER_DATA.search(t.low)) and bool(_PI.search(t.low) or _SENSITIVE.search(t.low))

#!/usr/bin/env python3
"""Builds the seed graph data/jiaxing-2023-03-17.json from the cleaned article.

Every node and edge below carries the words of the article that state it (`quote`, optionally
located after an `after` anchor when the words occur more than once); this script turns each
quote into character offsets in data/sources/jiaxing-2023-03-17.zh-Hant.txt and fails if a quote
is not in the text. Run it after editing the facts:

    python3 tools/build_jiaxing.py

The cleaned text itself is made by `cargo run --bin kg -- clean ../shared/seeds/000_de14f1f6233f3115.txt`
minus the stray `|` line the crawl left at the end; the native tests check both files.
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parent / "data"
DOC = "jiaxing-2023-03-17"
TEXT_PATH = f"sources/{DOC}.zh-Hant.txt"
TEXT = (DATA / TEXT_PATH).read_text(encoding="utf-8")


def ev(quote, after=None):
    """Evidence for `quote`: its first occurrence (after the anchor `after`, if given)."""
    start_from = 0
    if after is not None:
        a = TEXT.find(after)
        if a < 0:
            raise SystemExit(f"anchor not in text: {after}")
        start_from = a
    i = TEXT.find(quote, start_from)
    if i < 0:
        raise SystemExit(f"quote not in text: {quote} (after {after})")
    return {"doc": DOC, "start": i, "end": i + len(quote), "quote": quote}


nodes = []
edges = []


def node(id, type, label, hans, pinyin, en, quote=None, after=None, aliases=(), **extra):
    n = {"id": id, "type": type, "label": label,
         "names": {"zh-Hant": label, "zh-Hans": hans, "pinyin": pinyin, "en": en}}
    if aliases:
        n["aliases"] = list(aliases)
    n.update(extra)
    n["evidence"] = [ev(quote or label, after)]
    nodes.append(n)


def edge(source, type, target, quote, after=None, label=None, inferred=False, **extra):
    e = {"source": source, "target": target, "type": type}
    if label:
        e["label"] = label
    if inferred:
        e["inferred"] = True
    e.update(extra)
    e["evidence"] = [ev(quote, after)]
    edges.append(e)


# People
node("p-zhang-jiansheng", "person", "張建生", "张建生", "Zhāng Jiànshēng", "Zhang Jiansheng")
node("p-zhang-shenghui", "person", "張勝慧", "张胜慧", "Zhāng Shènghuì", "Zhang Shenghui")
node("p-ju-feng", "person", "鞠峰", "鞠峰", "Jū Fēng", "Ju Feng")
node("p-wang-jing", "person", "王靜", "王静", "Wáng Jìng", "Wang Jing")
node("p-zhang-yi", "person", "張翼", "张翼", "Zhāng Yì", "Zhang Yi")
node("p-xi-jinping", "person", "習近平", "习近平", "Xí Jìnpíng", "Xi Jinping")

# Organizations
node("o-jiaxing-fic", "organization", "嘉興市工商聯", "嘉兴市工商联", "Jiāxīng Shì Gōngshānglián",
     "Jiaxing Federation of Industry and Commerce", aliases=["市工商聯", "市工商联"])
node("o-jiaxing-fic-party-committee", "organization", "市工商聯黨委", "市工商联党委", "Shì Gōngshānglián Dǎngwěi",
     "Party Committee of the Jiaxing Federation of Industry and Commerce", aliases=["嘉興市工商聯黨委"])
node("o-jiaxing-mpc", "organization", "嘉興市委", "嘉兴市委", "Jiāxīng Shìwěi",
     "CPC Jiaxing Municipal Committee", aliases=["市委"])
node("o-jiaxing-ufwd", "organization", "嘉興市委統戰部", "嘉兴市委统战部", "Jiāxīng Shìwěi Tǒngzhànbù",
     "United Front Work Department of the CPC Jiaxing Municipal Committee")
node("o-jiaxing-org-dept", "organization", "嘉興市委組織部", "嘉兴市委组织部", "Jiāxīng Shìwěi Zǔzhībù",
     "Organization Department of the CPC Jiaxing Municipal Committee")
node("o-two-new-office", "organization", "兩新組織黨建處", "两新组织党建处", "Liǎngxīn Zǔzhī Dǎngjiànchù",
     "Office of Party Building in New Economic and Social Organizations",
     quote="嘉興市委組織部兩新組織黨建處")
node("o-cppcc", "organization", "全國政協", "全国政协", "Quánguó Zhèngxié",
     "National Committee of the Chinese People's Political Consultative Conference")
node("o-cndca", "organization", "民建", "民建", "Mínjiàn", "China National Democratic Construction Association")
node("o-cpc", "organization", "中國共產黨", "中国共产党", "Zhōngguó Gòngchǎndǎng", "Communist Party of China")

# Roles: one node per position; `holds` edges say who holds it.
node("r-ufwd-deputy-head", "role", "嘉興市委統戰部副部長", "嘉兴市委统战部副部长", "Jiāxīng Shìwěi Tǒngzhànbù fùbùzhǎng",
     "Deputy Head, United Front Work Department of the CPC Jiaxing Municipal Committee", title="副部長")
node("r-fic-party-secretary", "role", "市工商聯黨委書記", "市工商联党委书记", "Shì Gōngshānglián dǎngwěi shūjì",
     "Party Secretary, Jiaxing Federation of Industry and Commerce", title="黨委書記")
node("r-two-new-office-director", "role", "兩新組織黨建處處長", "两新组织党建处处长", "Liǎngxīn Zǔzhī Dǎngjiànchù chùzhǎng",
     "Director, Office of Party Building in New Economic and Social Organizations", title="處長",
     quote="兩新組織黨建處張勝慧處長")
node("r-fic-party-committee-member", "role", "市工商聯黨委委員", "市工商联党委委员", "Shì Gōngshānglián dǎngwěi wěiyuán",
     "Member of the Party Committee, Jiaxing Federation of Industry and Commerce", title="黨委委員")
node("r-fic-vice-chair", "role", "市工商聯副主席", "市工商联副主席", "Shì Gōngshānglián fùzhǔxí",
     "Vice Chair, Jiaxing Federation of Industry and Commerce", title="副主席", quote="副主席鞠峰")
node("r-fic-secretary-general", "role", "市工商聯秘書長", "市工商联秘书长", "Shì Gōngshānglián mìshūzhǎng",
     "Secretary-General, Jiaxing Federation of Industry and Commerce", title="秘書長", quote="秘書長王靜")
node("r-fic-deputy-party-secretary", "role", "市工商聯黨委副書記", "市工商联党委副书记", "Shì Gōngshānglián dǎngwěi fùshūjì",
     "Deputy Party Secretary, Jiaxing Federation of Industry and Commerce", title="黨委副書記",
     quote="嘉興市工商聯黨委副書記")
node("r-cpc-general-secretary", "role", "總書記", "总书记", "zǒngshūjì", "General Secretary", title="總書記",
     quote="習近平總書記")

# Events
node("e-meeting", "event", "所屬商協會黨建工作推進會暨黨組織書記擂臺賽",
     "所属商协会党建工作推进会暨党组织书记擂台赛", "Suǒshǔ Shāngxiéhuì Dǎngjiàn Gōngzuò Tuījìnhuì jì Dǎngzǔzhī Shūjì Lèitáisài",
     "Party-Building Work Promotion Meeting of the Affiliated Chambers and Associations, with the Party Secretaries' Contest",
     aliases=["商協會黨建工作推進會", "黨建工作推進會", "推進會", "會議"],
     date="2023-03-17",
     date_note=("The article gives 3月17日 without a year; the year 2023 is inferred from the text itself: it "
                "reviews 2022年度 work, plans 2023年 work, signs a 2023年度 responsibility document, and refers to "
                "the first session of the 14th CPPCC National Committee (全國政協十四屆一次會議), held in March 2023."))
node("e-contest", "event", "商協會黨組織書記擂臺賽", "商协会党组织书记擂台赛", "Shāngxiéhuì Dǎngzǔzhī Shūjì Lèitáisài",
     "Contest of the Chambers' and Associations' Party Secretaries", aliases=["黨組織書記擂臺賽", "擂臺賽"],
     date="2023-03-17", quote="舉辦商協會黨組織書記擂臺賽")
node("e-signing", "event", "簽訂2023年度商協會黨建工作目標責任書", "签订2023年度商协会党建工作目标责任书",
     "Qiāndìng 2023 Niándù Shāngxiéhuì Dǎngjiàn Gōngzuò Mùbiāo Zérènshū",
     "Signing of the 2023 Party-Building Target Responsibility Document", date="2023-03-17",
     quote="會上還簽訂了2023年度商協會黨建工作目標責任書")
node("e-cppcc-session", "event", "全國政協十四屆一次會議", "全国政协十四届一次会议", "Quánguó Zhèngxié Shísì Jiè Yī Cì Huìyì",
     "First Session of the 14th CPPCC National Committee")
node("e-xi-speech", "event", "看望參加全國政協十四屆一次會議的民建、工商聯界委員時的重要講話",
     "看望参加全国政协十四届一次会议的民建、工商联界委员时的重要讲话",
     "Kànwàng Cānjiā Quánguó Zhèngxié Shísì Jiè Yī Cì Huìyì de Mínjiàn, Gōngshānglián Jiè Wěiyuán Shí de Zhòngyào Jiǎnghuà",
     "Important speech on visiting the CNDCA and federation members attending the CPPCC session",
     aliases=["重要講話"])

# Groups
node("g-twelve-secretaries", "group", "12位商協會黨組織書記", "12位商协会党组织书记", "Shí'èr Wèi Shāngxiéhuì Dǎngzǔzhī Shūjì",
     "Twelve party secretaries of chambers and associations", count=12)
node("g-twelve-party-orgs", "group", "12家參加擂臺賽的商協會黨組織", "12家参加擂台赛的商协会党组织",
     "Shí'èr Jiā Cānjiā Lèitáisài de Shāngxiéhuì Dǎngzǔzhī",
     "Twelve party organizations of chambers and associations in the contest", count=12)
node("g-affiliated-chambers", "group", "市工商聯所屬商協會", "市工商联所属商协会", "Shì Gōngshānglián Suǒshǔ Shāngxiéhuì",
     "Chambers of commerce and associations affiliated to the Jiaxing Federation", aliases=["商協會"])
node("g-chamber-party-workers", "group", "市工商聯所屬商協會黨組織書記、黨務紅領和黨務工作者",
     "市工商联所属商协会党组织书记、党务红领和党务工作者",
     "Shì Gōngshānglián Suǒshǔ Shāngxiéhuì Dǎngzǔzhī Shūjì, Dǎngwù Hónglǐng hé Dǎngwù Gōngzuòzhě",
     "Party secretaries, party-affairs leaders and party workers of the affiliated chambers")
node("g-fic-party-members", "group", "市工商聯全體黨員", "市工商联全体党员", "Shì Gōngshānglián Quántǐ Dǎngyuán",
     "All party members of the Jiaxing Federation")
node("g-cndca-fic-members", "group", "民建、工商聯界委員", "民建、工商联界委员", "Mínjiàn, Gōngshānglián Jiè Wěiyuán",
     "CPPCC members from the CNDCA and the federation sector")

# Concepts: the campaigns and requirements the article names.
node("c-hundred-chambers", "concept", "百家商會興百村", "百家商会兴百村", "Bǎi Jiā Shānghuì Xīng Bǎi Cūn",
     "Hundred Chambers Revitalize Hundred Villages campaign", quote="“百家商會興百村”行動")
node("c-four-dares", "concept", "四敢爭先", "四敢争先", "Sì Gǎn Zhēngxiān", "Four Dares to Strive for the Lead campaign",
     quote="“四敢爭先”活動")
node("c-common-prosperity-chambers", "concept", "黨建引領共富商會建設", "党建引领共富商会建设",
     "Dǎngjiàn Yǐnlǐng Gòngfù Shānghuì Jiànshè", "Party-led common-prosperity chambers of commerce")
node("c-holy-land-to-highland", "concept", "從建黨圣地邁向黨建高地", "从建党圣地迈向党建高地",
     "Cóng Jiàndǎng Shèngdì Màixiàng Dǎngjiàn Gāodì",
     "From the Holy Land of the Party's Founding to a Highland of Party Building")
node("c-zhejiang-demonstration-zone", "concept", "浙江省高質量發展建設共同富裕示范區",
     "浙江省高质量发展建设共同富裕示范区", "Zhèjiāng Shěng Gāozhìliàng Fāzhǎn Jiànshè Gòngtóng Fùyù Shìfànqū",
     "Zhejiang high-quality development and common-prosperity demonstration zone")
node("c-digital-chambers", "concept", "數字商會建設", "数字商会建设", "Shùzì Shānghuì Jiànshè", "Digital chambers of commerce")
node("c-five-priorities", "concept", "五個“突出”", "五个“突出”", "Wǔ Gè “Tūchū”", "The five priorities",
     quote="五個“突出”")

# Organization structure
edge("o-jiaxing-fic-party-committee", "part_of", "o-jiaxing-fic", "市工商聯黨委書記")
edge("o-jiaxing-ufwd", "part_of", "o-jiaxing-mpc", "嘉興市委統戰部")
edge("o-jiaxing-org-dept", "part_of", "o-jiaxing-mpc", "嘉興市委組織部")
edge("o-two-new-office", "part_of", "o-jiaxing-org-dept", "嘉興市委組織部兩新組織黨建處")
edge("g-affiliated-chambers", "part_of", "o-jiaxing-fic", "市工商聯所屬商協會")
edge("g-twelve-party-orgs", "part_of", "g-affiliated-chambers", "12家參加擂臺賽的商協會黨組織")

# Roles: who holds which position, and in which organization
edge("p-zhang-jiansheng", "holds", "r-ufwd-deputy-head", "嘉興市委統戰部副部長、市工商聯黨委書記張建生")
edge("r-ufwd-deputy-head", "of", "o-jiaxing-ufwd", "嘉興市委統戰部副部長")
edge("p-zhang-jiansheng", "holds", "r-fic-party-secretary", "嘉興市委統戰部副部長、市工商聯黨委書記張建生")
edge("r-fic-party-secretary", "of", "o-jiaxing-fic-party-committee", "市工商聯黨委書記")
edge("p-zhang-shenghui", "holds", "r-two-new-office-director", "兩新組織黨建處張勝慧處長")
edge("r-two-new-office-director", "of", "o-two-new-office", "兩新組織黨建處張勝慧處長")
edge("p-ju-feng", "holds", "r-fic-party-committee-member", "市工商聯黨委委員、副主席鞠峰")
edge("p-ju-feng", "holds", "r-fic-vice-chair", "市工商聯黨委委員、副主席鞠峰")
edge("p-wang-jing", "holds", "r-fic-party-committee-member", "市工商聯黨委委員、秘書長王靜")
edge("p-wang-jing", "holds", "r-fic-secretary-general", "市工商聯黨委委員、秘書長王靜")
edge("r-fic-party-committee-member", "of", "o-jiaxing-fic-party-committee", "市工商聯黨委委員")
edge("r-fic-vice-chair", "of", "o-jiaxing-fic", "市工商聯黨委委員、副主席")
edge("r-fic-secretary-general", "of", "o-jiaxing-fic", "市工商聯黨委委員、秘書長")
edge("p-zhang-yi", "holds", "r-fic-deputy-party-secretary", "嘉興市工商聯黨委副書記、副主席張翼")
edge("p-zhang-yi", "holds", "r-fic-vice-chair", "嘉興市工商聯黨委副書記、副主席張翼")
edge("r-fic-deputy-party-secretary", "of", "o-jiaxing-fic-party-committee", "嘉興市工商聯黨委副書記")
edge("p-xi-jinping", "holds", "r-cpc-general-secretary", "習近平總書記")
edge("r-cpc-general-secretary", "of", "o-cpc", "中國共產黨", inferred=True,
     note="The article says 總書記 without naming the party; it names 中國共產黨 later.")

# The meeting of 17 March
edge("o-jiaxing-fic", "organized", "e-meeting", "嘉興市工商聯召開所屬商協會黨建工作推進會暨黨組織書記擂臺賽")
edge("p-zhang-jiansheng", "attended", "e-meeting", "張建生出席會議")
edge("p-zhang-jiansheng", "spoke_at", "e-meeting", "張建生出席會議并講話")
edge("p-zhang-shenghui", "attended", "e-meeting", "嘉興市委組織部兩新組織黨建處張勝慧處長,市工商聯黨委委員、副主席鞠峰,市工商聯黨委委員、秘書長王靜,市工商聯所屬商協會黨組織書記、黨務紅領和黨務工作者以及市工商聯全體黨員參加會議")
edge("p-ju-feng", "attended", "e-meeting", "市工商聯黨委委員、副主席鞠峰,市工商聯黨委委員、秘書長王靜,市工商聯所屬商協會黨組織書記、黨務紅領和黨務工作者以及市工商聯全體黨員參加會議")
edge("p-wang-jing", "attended", "e-meeting", "市工商聯黨委委員、秘書長王靜,市工商聯所屬商協會黨組織書記、黨務紅領和黨務工作者以及市工商聯全體黨員參加會議")
edge("g-chamber-party-workers", "attended", "e-meeting", "市工商聯所屬商協會黨組織書記、黨務紅領和黨務工作者以及市工商聯全體黨員參加會議")
edge("g-fic-party-members", "attended", "e-meeting", "市工商聯全體黨員參加會議")
edge("p-zhang-yi", "chaired", "e-meeting", "會議由嘉興市工商聯黨委副書記、副主席張翼主持")
edge("p-zhang-yi", "spoke_at", "e-meeting", "張翼表示")
edge("e-contest", "part_of", "e-meeting", "推進會暨黨組織書記擂臺賽")
edge("e-signing", "part_of", "e-meeting", "會上還簽訂了")

# The contest
edge("g-twelve-secretaries", "spoke_at", "e-contest", "12位商協會黨組織書記圍繞2022年度黨組織特色亮點工作和書記領辦黨建重點項目,通過PPT形式,進行擂臺比拼")
edge("g-twelve-secretaries", "member_of", "g-twelve-party-orgs", "12家商協會黨組織書記")
edge("g-twelve-party-orgs", "participated_in", "e-contest", "12家參加擂臺賽的商協會黨組織")
edge("p-zhang-yi", "commented_on", "e-contest", "張翼對12家參加擂臺賽的商協會黨組織進行逐一點評,指出優勢與不足")
edge("p-zhang-jiansheng", "commented_on", "e-contest", "張建生表示,12家商協會黨組織書記在擂臺比拼中,充分展示了各自的特色亮點工作和主要工作成效,基本達到了擂臺賽的預期效果,值得充分肯定")

# What Zhang Jiansheng's speech refers to
edge("p-zhang-jiansheng", "refers_to", "c-zhejiang-demonstration-zone", "張建生指出,過去的一年,廣大商協會黨組織圍繞浙江省高質量發展建設共同富裕示范區")
edge("p-zhang-jiansheng", "refers_to", "c-common-prosperity-chambers", "積極開展黨建引領共富商會建設")
edge("p-zhang-jiansheng", "refers_to", "c-hundred-chambers", "“百家商會興百村”行動取得了實質性進展和初步成效")
edge("p-zhang-jiansheng", "refers_to", "c-holy-land-to-highland", "張建生表示,對標對表市委提出的“從建黨圣地邁向黨建高地”這一新要求和新標準")
edge("o-jiaxing-mpc", "proposed", "c-holy-land-to-highland", "市委提出的“從建黨圣地邁向黨建高地”")
edge("p-zhang-jiansheng", "refers_to", "c-four-dares", "通過深入開展“四敢爭先”活動")
edge("p-zhang-jiansheng", "refers_to", "e-xi-speech", "張建生強調,商協會黨組織要深入學習領會習近平總書記在看望參加全國政協十四屆一次會議的民建、工商聯界委員時的重要講話精神")
edge("p-zhang-jiansheng", "proposed", "c-five-priorities", "張建生強調,做好2023年商協會黨建工作,要著力抓好五個“突出”")
edge("c-four-dares", "part_of", "c-five-priorities", "四是突出“四敢爭先”")
edge("p-zhang-jiansheng", "refers_to", "c-digital-chambers", "通過數字商會建設等改革創新手段")

# The national session and the speech the article refers to
edge("p-xi-jinping", "spoke_at", "e-xi-speech", "習近平總書記在看望參加全國政協十四屆一次會議的民建、工商聯界委員時的重要講話")
edge("e-xi-speech", "part_of", "e-cppcc-session", "在看望參加全國政協十四屆一次會議的民建、工商聯界委員時", inferred=True,
     note="The visit took place while the members attended the session; the article does not say it was part of the session's programme.")
edge("g-cndca-fic-members", "attended", "e-cppcc-session", "參加全國政協十四屆一次會議的民建、工商聯界委員")
edge("g-cndca-fic-members", "attended", "e-xi-speech", "看望參加全國政協十四屆一次會議的民建、工商聯界委員")
edge("g-cndca-fic-members", "member_of", "o-cppcc", "全國政協十四屆一次會議的民建、工商聯界委員")
edge("g-cndca-fic-members", "member_of", "o-cndca", "民建、工商聯界委員")
edge("o-cppcc", "organized", "e-cppcc-session", "全國政協十四屆一次會議", inferred=True,
     note="The session is named after the CPPCC National Committee; the article does not say who convened it.")

doc = {
    "directed": True,
    "multigraph": True,
    "graph": {
        "name": "嘉興市工商聯所屬商協會黨建工作推進會暨黨組織書記擂臺賽 (2023-03-17)",
        "sources": [{
            "id": DOC,
            "title": "嘉興市工商聯召開所屬商協會黨建工作推進會暨黨組織書記擂臺賽",
            "date": "2023-03",
            "language": "zh-Hant",
            "text": TEXT_PATH,
            "note": ("Crawled news report. Cleaned with `kg clean` (pinyin annotations such as 聯(lián) removed) "
                     "and the stray `|` line at the end dropped. Offsets count Unicode characters."),
        }],
    },
    "nodes": nodes,
    "edges": edges,
}
out = DATA / f"{DOC}.json"
out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"wrote {out}: {len(nodes)} nodes, {len(edges)} edges")

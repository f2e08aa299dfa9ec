"""The registry of diagnostic codes: each code declared once with its severity, meaning and remedy.

Call sites still write the specific message and hint (they name the file's own values);
`zonegen.diagnostics` refuses a code that is not declared here or is raised with another
severity, and fills in the hint below when a call site has none. The clerk manual's table
of codes (docs/用户手册.md) is generated from this registry: `python -m zonegen.codes --manual`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]
SEVERITY_LABEL: dict[str, str] = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True, slots=True)
class Code:
    """One diagnostic code: what it means (title) and what to do (hint) when nothing more specific is known."""

    code: str
    severity: Severity
    title: str
    hint: str


def _e(code: str, title: str, hint: str) -> Code:
    return Code(code, "error", title, hint)


def _w(code: str, title: str, hint: str) -> Code:
    return Code(code, "warning", title, hint)


# Grouped as the clerk meets them; the manual shows one table per group, in this order.
AREAS: tuple[tuple[str, tuple[Code, ...]], ...] = (
    (
        "文件与编码",
        (
            _e("content-missing", "专区中没有 content 目录", "在专区目录下创建 content/，每个栏目一个子目录"),
            _e("file-unreadable", "文件无法读取", "请检查文件权限"),
            _e("file-empty", "文件是空的", "填写头部信息和正文，或删除这个文件"),
            _e(
                "file-binary",
                "记录不是文本文件（Word、PDF 或图片改了扩展名）",
                "记录用 Markdown 文本写；附件放在记录旁边",
            ),
            _e("encoding", "文件不是 UTF-8 编码", "用记事本或 VS Code“另存为”UTF-8 编码"),
            _e("encoding-gbk", "文件是 GBK/GB18030 编码", "用记事本“另存为”，编码选择“UTF-8”"),
            _e("encoding-utf16", "文件是 UTF-16（记事本中的“Unicode”）编码", "用记事本“另存为”，编码选择“UTF-8”"),
            _e("file-name-encoding", "文件名不是 UTF-8 编码（多为 GBK）", "把这个文件重新命名一次"),
            _w("file-hidden", "文件名以“.”开头，是隐藏文件，不会读取", "去掉文件名开头的“.”"),
            _w("folder-hidden", "文件夹名以“.”开头，是隐藏文件夹，其中的文件不会读取", "去掉文件夹名开头的“.”"),
            _e("folder-unreadable", "文件夹无法读取，其中的信息都没有读取", "请管理员检查这个文件夹的权限"),
            _w(
                "name-case-collision",
                "两个名字只有大小写（或 Unicode 写法）不同",
                "复制到 U 盘或 Windows 电脑时会互相覆盖：把其中一个改名",
            ),
            _w("file-draft", "以下划线开头的文件视为草稿，不会发布", "要发布时去掉文件名开头的下划线“_”"),
            _w(
                "file-extension",
                "这个扩展名的文件不会作为记录读取",
                "记录的文件名以 .md 结尾；附件在所属记录的 attachments 中列出",
            ),
            _w(
                "file-unreferenced",
                "文件没有被任何记录列为附件，不会发布",
                "在所属记录的 attachments 中列出它，或删除它",
            ),
            _e("record-symlink", "记录文件是符号链接", "把记录文件本身放在这里，不要用链接"),
            _e("folder-symlink", "content 中的文件夹是符号链接", "把文件真实地放在 content 目录中，不要用链接"),
            _e("node-none", "记录直接放在了 content 目录下", "放进它所属栏目或事项的文件夹"),
            _e("node-unknown", "文件夹不是目录中的栏目或事项", "按提示把文件移到正确的栏目文件夹"),
        ),
    ),
    (
        "头部信息的写法",
        (
            _e("front-matter-missing", "文件开头没有头部信息", "第一行写 ---，接着写“键: 值”，再写一行 --- 结束"),
            _e("front-matter-blank", "头部信息前面有空行", "删除 --- 上面的空行"),
            _e("front-matter-fence", "头部信息的分隔线不是三个英文减号", "切换到英文输入法输入 ---"),
            _e("front-matter-unclosed", "头部信息没有结束（缺少第二行 ---）", "在最后一个“键: 值”后面单独写一行 ---"),
            _e("front-matter-format", "头部信息不是“键: 值”的组合", "每行写一个“键: 值”，例如 title: 关于……的通知"),
            _e(
                "yaml-syntax",
                "YAML 格式错误（缩进、冒号、引号、括号或别名）",
                "按提示检查这一行；值里有特殊符号时用英文引号括起来",
            ),
            _e("fullwidth-colon", "使用了中文全角冒号“：”", "键后面用英文冒号“:”加一个空格"),
            _e("colon-space", "冒号“:”后面缺少英文空格", "写成“键: 值”，冒号后留一个英文空格"),
            _e("indent-tab", "缩进使用了制表符（Tab）", "用英文空格缩进"),
            _e("indent-ideographic-space", "缩进使用了全角空格", "切换到英文输入法，用英文空格缩进"),
            _e(
                "line-separator",
                "一行中有不可见的换行字符（U+2028 等）",
                "删除这个位置的不可见字符，或删掉这几个字重新输入",
            ),
            _e("duplicate-key", "同一个键写了两次", "删除多余的一行"),
            _e("unknown-key", "未知的键（多为拼写错误）", "按提示改正键名"),
        ),
    ),
    (
        "记录的字段",
        (
            _e("field-required", "缺少必填项或必填项没有填写", "在头部信息中添加这一行并填写"),
            _e("field-value", "字段的值无效（日期、枚举、类型等）", "按提示改正这个值"),
            _e("field-kind", "这个字段只用于另一种文种的记录", "删除这一行，或改正 kind"),
            _e("kind-node", "文种与所在栏目不符", "按提示改正 kind，或把文件移到对应的栏目"),
            _w(
                "level-mismatch",
                "事项不属于本专区层级的公开事项",
                "确认放置位置；目录中该事项的 levels 不含本专区的层级",
            ),
            _e("index-no-format", "索引号不符合本专区的索引号格式", "新建记录请用 zonegen new 自动分配索引号"),
            _e("index-no-year", "索引号中的年份与生成日期的年份不一致", "索引号的年份取生成日期所在的年份"),
            _e("index-no-duplicate", "索引号与另一条记录重复", "保留先发布的那条，另一条用 zonegen new 分配新的索引号"),
            _e("doc-no-brackets", "文号的年份括号不是六角括号〔〕", "按提示改正文号"),
            _e("published-before-created", "发布日期早于生成日期", "发布日期不能早于信息形成（成文）的日期"),
            _e("expires-before-published", "公示截止日期早于发布日期", "expires 写公示期的最后一天，应不早于发布日期"),
            _e("validity-missing", "规范性文件没有注明有效性", "添加一行 validity: 有效（或 失效、废止）"),
            _e("repealed-missing", "失效或废止的文件没有写废止日期", "添加一行 repealed: 2025-06-30"),
            _e("repealed-before-created", "废止日期早于生成日期", "检查废止日期"),
            _w(
                "repealed-but-valid",
                "写了废止日期，但有效性仍为“有效”",
                "已废止的把 validity 改为 废止；仍有效的删除 repealed",
            ),
            _e("interprets-missing", "解读没有写明解读对象", "添加一行 interprets: 被解读文件的索引号"),
            _e("interprets-self", "解读对象写的是解读自己的索引号", "interprets 写被解读文件的索引号"),
            _e("interprets-unknown", "解读对象不是本专区任何记录的索引号", "interprets 写被解读文件的索引号"),
            _e("interprets-not-public", "解读对象不是主动公开的信息", "核实两条记录的公开属性"),
            _w(
                "interprets-kind",
                "解读对象或文种不寻常",
                "通常只解读规范性文件和政策文件；写了 interprets 的文种应为“解读”",
            ),
            _e("also-unknown", "“同时发布于”不是目录中的栏目或事项", "写目录节点的路径"),
            _w("also-self", "“同时发布于”就是记录所在的栏目", "删除这一项"),
            _e("body-empty", "正文为空", "在第二个 --- 下面写正文，或在 attachments 中列出附件"),
            _e("report-year", "年度报告没有写明年度", "添加一行 year: 报告的年份"),
            _e("report-duplicate", "同一年度有两份年度报告", "每年只有一份年度报告"),
        ),
    ),
    (
        "指南",
        (
            _w("guide-missing", "专区还没有政府信息公开指南", "在指南栏目中新建 kind: 指南 的记录"),
            _e("guide-duplicate", "指南栏目有不止一份指南", "把两份指南合并为一份"),
            _e("guide-field", "指南缺少条例第十二条要求的信息", "在头部信息中添加这一项"),
            _e("guide-section", "指南正文缺少必需的部分", "添加标题含这几个字的章节"),
        ),
    ),
    (
        "附件",
        (
            _e("attachment-missing", "找不到附件", "附件文件放在记录旁边，文件名与 attachments 中一致"),
            _e("attachment-path", "附件用了绝对路径、反斜杠或控制字符", "attachments 中只写文件名，例如 附件1.pdf"),
            _e("attachment-escape", "附件在 content 目录之外", "附件放在 content 目录中（通常就在记录旁边）"),
            _e("attachment-symlink", "附件是符号链接", "放入真实文件，不要用链接"),
            _e("attachment-type", "这种类型的附件不允许发布", "附件可以是 PDF、Office 文档、图片或压缩包"),
            _e("attachment-reserved", "附件会发布到网站自身文件的位置", "附件放在栏目文件夹中（通常就在记录旁边）"),
            _e(
                "attachment-limit",
                "附件超出检查的上限（可能是“压缩炸弹”），不能发布",
                "确认文件来源，重新导出，或拆分成几个较小的文件",
            ),
            _e("attachment-unreadable", "生成网站时无法读取附件", "检查这个文件的权限，或重新复制一份"),
            _e("attachment-unpublished", "附件同时属于不公开的记录", "复制一份经审查的版本放在本记录旁边"),
            _w(
                "attachment-unchecked",
                "附件的文字无法检查（扫描件、加密或旧格式）",
                "人工核对附件中没有未脱敏的个人信息",
            ),
        ),
    ),
    (
        "正文",
        (
            _w("html-unsafe", "已删除正文中不安全的 HTML", "删除脚本、嵌入页面等网页代码，改用 Markdown 写法"),
            _w("html-unsupported", "已去除正文 HTML 中不支持的格式", "改用 Markdown 写法"),
            _w("image-alt-missing", "图片没有替代文字", "在 ![ ] 的方括号里写上图片内容"),
            _w("link-unsafe", "正文中的不安全链接（javascript: 等）只保留了文字", "改为 http(s) 网址或站内文件的链接"),
            _e("link-missing", "正文链接或引用的文件不存在", "按提示改正链接中的文件名"),
            _e("link-unlisted", "正文链接的文件没有列为附件", "把这个文件列入 attachments，或删除链接"),
            _e("link-unpublished", "正文链接的记录不是主动公开的信息", "删除这个链接（不公开的信息不能从网站链接）"),
            _e("link-outside", "正文链接指向 content 目录之外", "只链接 content 中的记录和附件"),
            _e("body-nesting", "正文的引用、列表或标签嵌套层数过多", "检查这一行开头是否误粘贴了一串 >、- 或 [ 等符号"),
        ),
    ),
    (
        "个人信息与保密审查",
        (
            _e(
                "pii-output",
                "生成的文件中出现了未脱敏的个人信息（最后一道检查）",
                "按提示找到信息来源的记录，改为脱敏写法",
            ),
            _e("pii-id-card", "有未脱敏的居民身份证号", "改为脱敏写法，如 330281********1234"),
            _e("pii-mobile", "有未脱敏的手机号码", "改为脱敏写法，如 138****5678"),
            _e("pii-bank-card", "有未脱敏的银行卡号", "只保留前4位和后4位"),
            _e("pii-more", "另有未逐条列出的未脱敏个人信息", "整份名单都需要脱敏"),
            _w("pii-declared", "含未脱敏的个人信息，已按 pii_ok 说明公开", "再次确认公开依据"),
            _e("pii-ok-reason", "pii_ok 没有写明公开理由", "写明依据，例如 pii_ok: 依据……须公示"),
            _e(
                "review-missing",
                "本专区要求发布前经过保密审查，但没有审查记录",
                "审查通过后添加一行 review: {by: 审查人, date: 审查日期}",
            ),
            _e("review-incomplete", "保密审查缺少审查人或审查日期", "写成 review: {by: 审查人姓名, date: 2025-03-01}"),
            _e("review-after-published", "审查日期晚于发布日期", "信息必须先审查、后发布"),
            _w("review-before-created", "审查日期早于生成日期", "核对审查日期和生成日期"),
        ),
    ),
    (
        "年度报告与申请台账",
        (
            _e("report-key", "年度报告中有未知的键", "按提示改正键名"),
            _e("report-shape", "年度报告数字的写法不对", "按提示的格式填写"),
            _e("report-number", "年度报告的数字无效（不是数字或为负数）", "只写阿拉伯数字，没有的写 0"),
            _e("report-total", "总计与各项之和不一致", "核对各项数字，或删除总计行使用计算结果"),
            _e("report-balance", "申请数量不平衡", "本年新收加上年结转应等于办理结果总计加结转下年度"),
            _e("report-csv", "年报数字与申请台账计算的结果不一致", "删除手写的数字即可使用计算结果；或更正台账"),
            _w("report-normative", "规范性文件件数与专区记录计算的结果不一致", "补录规范性文件记录，或删除手写的数字"),
            _w("report-carry-over", "上年结转与上一年度报告不一致", "核对上一年度报告"),
            _w("report-in-force", "现行有效件数与上年件数及本年增减不一致", "核对本年制发、本年废止和现行有效件数"),
            _w("report-section", "年度报告缺少某部分或某部分没有内容", "添加这一部分并填写内容"),
            _w("report-copied", "年度报告某部分照搬了上一年度", "写明本年度的情况"),
            _e("report-format", "年度报告不是国家统一格式，或混用了不同年份的格式", "按提示使用本年度适用的格式"),
            _w(
                "report-content", "年度报告缺少条例第五十条要求写明的内容", "按提示在相应部分写明；没有的也写明“未发生”"
            ),
            _e("applications-csv", "申请台账（CSV）有错误", "按提示改正台账的这一行"),
            _w("reply-late", "依申请公开的答复超过法定期限", "条例第三十三条：20个工作日内答复，延长不超过20个工作日"),
            _w(
                "calendar-unknown",
                "不知道这一年的节假日安排，无法计算期限",
                "在 zone.yaml 的 calendar 中写明这一年的节假日和调休",
            ),
        ),
    ),
    (
        "专区配置（zone.yaml）与目录（catalog.yaml）",
        (
            _e("zone-missing", "找不到 zone.yaml", "在专区目录中运行，或用 --zone 指定专区目录"),
            _e("zone-format", "zone.yaml 不是“键: 值”的组合", "参考 zonegen init 生成的 zone.yaml"),
            _e("zone-required", "zone.yaml 缺少必填项", "按提示添加这一行"),
            _e("zone-type", "zone.yaml 中某项的类型不对", "按提示的写法改正"),
            _e("zone-level", "公开层级无效", "写 县级 或 乡级"),
            _e("org-code", "机构代码不是18位统一社会信用代码或9位组织机构代码", "核对统一社会信用代码"),
            _e("base-url", "base_url 不是完整的网址", "以 http:// 或 https:// 开头"),
            _e("index-format", "索引号格式（index_format）无效", "可用的占位符：{org_code}、{year}、{seq:05d}"),
            _e("date-invalid", "日历中的日期无效", "按提示改正日期"),
            _e(
                "catalog-missing",
                "找不到目录文件",
                "检查 zone.yaml 中 catalog 的路径；不写 catalog 时使用内置的标准目录",
            ),
            _e("catalog-format", "目录文件的结构不对", "参考内置的标准目录（zonegen/data/catalog.yaml）"),
            _e("catalog-version", "不支持的目录版本", "目前只支持 version: 1"),
            _e("catalog-columns", "目录中没有栏目", "至少需要一个栏目"),
            _e("catalog-domains", "定义了领域但没有 type: domains 的栏目", "添加一个 type: domains 的栏目"),
            _e("catalog-id", "目录中某项的 id 缺少、不合规或重复", "id 用小写英文字母、数字和连字符，同级不重复"),
            _e("catalog-title", "目录中某项缺少 title", "填写栏目或事项的名称"),
            _e("catalog-type", "栏目类型无效或重复", "按提示改正 type"),
            _e("catalog-enum", "目录中某项的取值不在可选范围内", "按提示选择可用的值"),
            _e("catalog-deadline", "公开时限（deadline）的写法不对", "写成 deadline: {workdays: 20}"),
            _e("catalog-field", "目录中自定义字段的写法不对", "按提示改正字段的 key、label 和 type"),
            _e(
                "catalog-source",
                "公开事项的来源（source）写法不对",
                "写明标准指引（guideline）或参照的标准目录（catalog）",
            ),
            _w("catalog-source-name", "来源中的标准指引没有写出文件名称", "用书名号写出标准指引的名称和文号"),
            _w(
                "catalog-source-conflict",
                "来源说某属性找不到，事项却写了它",
                "删除该属性，或写明它的来源并从 unsourced 中去掉",
            ),
            _w(
                "catalog-deadline-text",
                "可计算的公开时限与公开时限文字不一致",
                "让 deadline、publicity 与 deadline_text 写的天数一致",
            ),
            _e(
                "extra-file",
                "extra_css、extra_head 或 extra_footer 的文件不对",
                "文件放在专区目录中（不能在 content/ 中），写相对路径",
            ),
            _e(
                "extra-external",
                "自定义样式或片段要从外部网站加载内容",
                "不能用 CDN、网页字体和外部图片；把文件复制进专区目录",
            ),
            _e(
                "extra-link",
                "自定义样式或片段引用的文件不在网站中",
                "引用主题 static/ 中的文件（_static/文件名）或 extra_css 的样式表",
            ),
            _e(
                "extra-unsafe",
                "自定义片段含不允许的标签、属性或文字",
                "页头只能含 <meta>、样式表和 <style>；页脚与正文规则相同",
            ),
            _w("extra-unsupported", "页脚片段中不支持的格式不会保留", "只用正文允许的标签和属性"),
        ),
    ),
    (
        "主题与生成",
        (
            _e("theme-missing", "找不到主题", "主题应放在 themes/主题名/（templates/ 和 static/）"),
            _e("theme-error", "主题模板有错误", "检查模板中的变量名；模板可用的变量见 docs/themes.md"),
            _e("output-unsafe", "输出目录会覆盖专区自身的文件", "指定专区之外或专区内的 public/ 目录"),
            _e("output-not-ours", "输出目录已存在且不是 zonegen 生成的", "换一个输出目录，或先手动清空它"),
            _e("output-error", "无法写入输出目录（磁盘已满、只读或没有权限）", "按提示检查输出目录所在的磁盘和权限"),
            _e("output-locked", "另一个 zonegen build 正在生成同一个输出目录", "等待它结束后再试"),
            _e(
                "worker-crashed", "处理进程意外退出，这个文件没有处理完", "检查这个文件中是否有异常深的嵌套或损坏的内容"
            ),
        ),
    ),
    (
        "本地预览（serve）",
        (
            _e("serve-port-in-use", "端口已被占用", "改用提示中的空闲端口：zonegen serve --port 端口号"),
            _e("serve-address", "无法在这个地址或端口上提供预览", "不写 --host 时只在本机预览；用 --port 换一个端口"),
            _e("serve-internal", "生成预览时出现意外错误", "保存文件后会自动重试；如果反复出现，请报告给维护人员"),
        ),
    ),
    (
        "线下专区导出与校验（export、verify）",
        (
            _e("manifest-missing", "目录中没有校验清单 manifest.sha256", "用 zonegen export --kiosk 重新导出一份"),
            _e(
                "manifest-corrupt",
                "校验清单已损坏（格式不对、路径越界或重复）",
                "用 zonegen export --kiosk 重新导出一份",
            ),
            _e(
                "manifest-foreign",
                "manifest.sha256 不是 zonegen 导出的清单",
                "确认打开的是 zonegen export --kiosk 导出的目录",
            ),
            _e("export-missing", "清单中的文件缺少了", "从导出的原件重新复制完整的目录（不要只复制部分文件）"),
            _e(
                "export-altered",
                "文件内容与清单不符（已被改动或损坏）",
                "用 zonegen export --kiosk 重新导出，或从导出的原件重新复制这个文件",
            ),
            _e("export-extra", "清单中没有这个文件（是后来加进来的）", "删除这个文件，或重新导出一份"),
        ),
    ),
)


def _index() -> dict[str, Code]:
    codes: dict[str, Code] = {}
    for _, group in AREAS:
        for code in group:
            if code.code in codes:
                raise ValueError(f"diagnostic code {code.code!r} is declared twice in zonegen/codes.py")
            codes[code.code] = code
    return codes


CODES: dict[str, Code] = _index()


def lookup(code: str, severity: str) -> Code:
    """The registered code, checked: a call site may not invent a code or change its severity."""
    entry = CODES.get(code)
    if entry is None:
        raise ValueError(f"diagnostic code {code!r} is not registered in zonegen/codes.py")
    if entry.severity != severity:
        raise ValueError(f"diagnostic code {code!r} is registered as {entry.severity}, raised as {severity}")
    return entry


MANUAL = Path(__file__).resolve().parent.parent / "docs" / "用户手册.md"
BEGIN = "<!-- codes:begin (generated by python -m zonegen.codes --manual; do not edit by hand) -->"
END = "<!-- codes:end -->"


def manual_table() -> str:
    """The clerk manual's table of every code, one table per area."""
    out: list[str] = []
    for area, group in AREAS:
        out += [f"**{area}**", "", "| 代号 | 级别 | 含义 | 改法 |", "|---|---|---|---|"]
        out += [f"| `{c.code}` | {SEVERITY_LABEL[c.severity]} | {_cell(c.title)} | {_cell(c.hint)} |" for c in group]
        out.append("")
    return "\n".join(out).rstrip("\n")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def with_table(manual: str) -> str:
    """The manual's text with the generated table between its markers replaced."""
    start, end = manual.index(BEGIN) + len(BEGIN), manual.index(END)
    return manual[:start] + "\n" + manual_table() + "\n" + manual[end:]


def main(argv: list[str]) -> int:
    if argv != ["--manual"]:
        print("usage: python -m zonegen.codes --manual   (rewrites the table of codes in docs/用户手册.md)")
        return 2
    text = MANUAL.read_text(encoding="utf-8")
    MANUAL.write_text(with_table(text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

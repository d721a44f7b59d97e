"""What a key-project ledger's columns are called (the header texts that mean each field) and the
labels its cells use for choices."""

from __future__ import annotations

from jijuqu.imports.engine import FieldSpec, Spec

from ..choices import ProblemCategory, ProjectKind, ProjectLevel

MONTHS = r"1[-—~～至]\d{1,2}月(份)?"
FIELDS = [
    FieldSpec("seq", "序号", ("序",), derived=True),
    FieldSpec("code", "项目编号", ("项目代码", "项目编码", "编号")),
    FieldSpec("name", "项目名称", ("项目名称及建设内容", "项目名称及主要建设内容", "名称")),
    FieldSpec(
        "builder_name", "建设单位", ("项目单位", "项目业主", "业主单位", "实施单位", "建设主体", "项目法人")
    ),
    FieldSpec(
        "zone",
        "所属开发区",
        (
            "开发区",
            "产业集聚区",
            "所在开发区",
            "所属集聚区",
            "县(市、区)",
            "县区",
            "所属县区",
            "县(市)",
            "地区",
        ),
    ),
    FieldSpec("kind", "建设性质", ("项目性质", "性质")),
    FieldSpec("level", "项目级别", ("级别", "项目类别")),
    FieldSpec("industry", "所属产业", ("产业", "产业类别", "行业", "所属行业", "产业分类")),
    FieldSpec(
        "total_investment", "总投资", ("计划总投资", "项目总投资", "估算总投资", "总投资额"), money=True
    ),
    FieldSpec(
        "plan",
        "年度计划投资",
        ("本年计划投资", "年计划投资", "计划投资", "年度投资计划", "本年度计划投资"),
        patterns=(r"\d{4}年(度)?(计划投资|投资计划|计划完成投资)",),
        money=True,
    ),
    FieldSpec(
        "ytd",
        "本年累计完成投资",
        ("累计完成投资", "年度累计完成投资", "本年完成投资", "年度完成投资"),
        patterns=(MONTHS + r"(累计)?完成投资(额)?", r"\d{4}年" + MONTHS + r"(累计)?完成投资(额)?"),
        money=True,
    ),
    FieldSpec(
        "month_invested",
        "本月完成投资",
        ("当月完成投资",),
        patterns=(r"\d{1,2}月(份)?完成投资(额)?",),
        money=True,
    ),
    FieldSpec(
        "since_start",
        "开工累计完成投资",
        ("自开工累计完成投资", "开工以来累计完成投资", "累计完成投资(开工以来)"),
        money=True,
        derived=True,
    ),
    FieldSpec(
        "rate", "完成率", ("投资完成率", "占年度计划", "占年度计划比例", "年度计划完成率"), derived=True
    ),
    FieldSpec("planned_start", "开工时间", ("计划开工时间", "开工日期", "开工年月", "计划开工日期")),
    FieldSpec("planned_completion", "竣工时间", ("计划竣工时间", "竣工日期", "竣工年月", "计划竣工日期")),
    FieldSpec("years", "建设年限", ("建设起止年限", "建设期限", "起止年限", "建设周期")),
    FieldSpec(
        "progress_text",
        "形象进度",
        (
            "工程形象进度",
            "项目进展情况",
            "进展情况",
            "建设进展",
            "目前进展",
            "项目进度",
            "形象进度及存在问题",
        ),
    ),
    FieldSpec(
        "leader_name",
        "包联领导",
        ("分包领导", "联系领导", "责任领导", "包联市领导", "包抓领导", "分包市领导"),
    ),
    FieldSpec("department_name", "责任单位", ("牵头单位", "责任部门", "牵头部门")),
    FieldSpec(
        "problem", "存在问题", ("存在的问题", "问题及建议", "需协调解决的问题", "存在困难和问题", "制约因素")
    ),
]
SPEC = Spec(FIELDS)

KINDS = {
    "新建": ProjectKind.NEW,
    "扩建": ProjectKind.EXPANSION,
    "改扩建": ProjectKind.EXPANSION,
    "技改": ProjectKind.RENOVATION,
    "技术改造": ProjectKind.RENOVATION,
}
LEVELS = {
    "省重点": ProjectLevel.PROVINCE,
    "省级": ProjectLevel.PROVINCE,
    "省重点项目": ProjectLevel.PROVINCE,
    "市重点": ProjectLevel.CITY,
    "市级": ProjectLevel.CITY,
    "市重点项目": ProjectLevel.CITY,
    "县重点": ProjectLevel.COUNTY,
    "县级": ProjectLevel.COUNTY,
    "县重点项目": ProjectLevel.COUNTY,
}
NO_PROBLEM = {"无", "无问题", "暂无", "没有", "否", "/", "-", "—"}
PROBLEM_WORDS = [
    (ProblemCategory.LAND, ("用地", "土地", "征地", "指标")),
    (ProblemCategory.FUNDING, ("资金", "贷款", "融资")),
    (ProblemCategory.PROCEDURES, ("手续", "审批", "环评", "能评", "规划", "许可")),
    (ProblemCategory.FACTORS, ("供电", "用电", "用水", "用气", "道路", "电力", "要素")),
    (ProblemCategory.ENVIRONMENT, ("环保", "扬尘", "管控", "污染")),
]

"""Write ``examples/crm-export/crm-export.xlsx``: a small sales team's CRM export, the way
Chinese CRMs write one: a workbook with Chinese headers and values, a sheet per table
(staff, accounts, their main contacts, visits and calls, contracts, receivables,
payments), dates written three ways. ``examples/crm-export/mapping.yaml`` reads it as
records.

Deterministic (no randomness, no clock, fixed workbook times): the same bytes each run.

    python tools/make_crm_export.py
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "crm-export"
WRITTEN = dt.datetime(2026, 11, 26, 9, 0)  # the export's time, in the workbook's properties

SHEETS: dict[str, list[list[object]]] = {
    "员工": [
        ["工号", "姓名", "岗位", "所属团队", "直属上级", "入职日期", "离职日期"],
        ["E001", "周建国", "销售经理", "华东区", None, "2020/03/02", None],
        ["E002", "陈丽", "销售主管", "华东区", "E001", "2022/07/01", None],
        ["E003", "王磊", "销售代表", "华东区", "E002", "2025/02/17", None],
        ["E004", "刘芳", "销售代表", "华东区", "E002", "2026/04/01", None],
    ],
    "客户": [
        [
            "客户编号",
            "客户名称",
            "经营范围",
            "客户来源",
            "负责人",
            "建档日期",
            "客户状态",
            "客户等级",
        ],
        [
            "KH-0001",
            "杭州明远精密机械有限公司",
            "精密零部件加工",
            "展会",
            "E003",
            "2026年1月12日",
            "已签约",
            "A",
        ],
        [
            "KH-0002",
            "苏州恒信电子科技有限公司",
            "电子元器件",
            "网络搜索",
            "E003",
            "2026年2月3日",
            "已签约",
            "B",
        ],
        [
            "KH-0003",
            "宁波海澜物流有限公司",
            "仓储物流",
            "转介绍",
            "E004",
            "2026年5月20日",
            "潜在客户",
            "B",
        ],
        [
            "KH-0004",
            "上海启辰医疗器械有限公司",
            "医疗器械销售",
            "电话营销",
            "E004",
            "2026年6月8日",
            "已签约",
            "A",
        ],
        ["KH-0005", "无锡长风纺织有限公司", None, "其他", "E003", "2026年3月1日", "已流失", "C"],
    ],
    "联系人": [
        ["联系人编号", "客户编号", "姓名", "职务", "电话", "邮箱"],
        ["LX-01", "KH-0001", "赵敏", "采购经理", "0571-88012345", None],
        ["LX-02", "KH-0002", "孙浩", "总经理", None, "sunhao@hengxin.example"],
        ["LX-03", "KH-0003", "钱晓", "运营主管", "0574-87110022", None],
        ["LX-04", "KH-0004", "吴桐", "采购总监", "021-61234567", None],
        ["LX-05", "KH-0005", "郑雨", "行政", None, None],
    ],
    "拜访记录": [
        ["记录编号", "类型", "执行人", "日期时间", "客户编号", "合同编号", "应收编号", "备注"],
        ["HD-001", "首次接触", "E003", "2026-01-12 10:00", "KH-0001", None, None, "需求：数控刀具"],
        ["HD-002", "预约拜访", "E003", "2026-01-13 15:30", "KH-0001", None, None, None],
        ["HD-003", "上门拜访", "E003", "2026-01-20 09:30", "KH-0001", None, None, "采购流程已了解"],
        ["HD-004", "方案提交", "E003", "2026-02-02 14:00", "KH-0001", None, None, None],
        ["HD-005", "方案确认", "E003", "2026-02-10 11:00", "KH-0001", None, None, None],
        ["HD-006", "商务谈判", "E003", "2026-02-18 16:00", "KH-0001", None, None, None],
        ["HD-007", "首次接触", "E003", "2026-02-03 10:30", "KH-0002", None, None, None],
        ["HD-008", "电话拜访", "E003", "2026-02-05 09:00", "KH-0002", None, None, "回访"],
        ["HD-009", "上门拜访", "E003", "2026-02-25 10:00", "KH-0002", None, None, None],
        ["HD-010", "首次接触", "E004", "2026-05-20 13:00", "KH-0003", None, None, None],
        ["HD-011", "首次接触", "E004", "2026-06-08 10:00", "KH-0004", None, None, None],
        ["HD-012", "上门拜访", "E004", "2026-06-15 14:30", "KH-0004", None, None, None],
        ["HD-013", "交接", "E003", "2026-03-03 09:00", None, "HT-2026-001", None, None],
        ["HD-014", "下单", "E003", "2026-03-04 09:00", None, "HT-2026-001", None, None],
        ["HD-015", "发货", "E003", "2026-03-20 17:00", None, "HT-2026-001", None, None],
        ["HD-016", "已送达", "E003", "2026-03-24 11:00", None, "HT-2026-001", None, None],
        ["HD-017", "回款提醒", "E003", "2026-04-25 09:00", None, None, "YS-001-2", None],
        ["HD-018", "催款电话", "E004", "2026-10-12 10:00", None, None, "YS-003-1", None],
    ],
    "合同": [
        [
            "合同编号",
            "客户编号",
            "签约人",
            "合同状态",
            "合同金额",
            "折扣率",
            "折扣审批人",
            "单价",
            "交货日期",
            "付款条件",
            "售后条款",
            "公司审核日期",
            "客户审核日期",
            "签约日期",
        ],
        [
            "HT-2026-001",
            "KH-0001",
            "E003",
            "已签约",
            480000,
            5,
            "E002",
            1200,
            "2026/03/25",
            "签约付30%，验收后付70%",
            "一年质保",
            "2026/02/25",
            "2026/02/27",
            "2026/03/01",
        ],
        [
            "HT-2026-002",
            "KH-0002",
            "E003",
            "已签约",
            126000.5,
            0,
            None,
            630,
            "2026/05/10",
            "货到30天内付清",
            "半年质保",
            "2026/03/18",
            "2026/03/19",
            "2026/03/20",
        ],
        [
            "HT-2026-003",
            "KH-0004",
            "E004",
            "已签约",
            950000,
            12,
            "E001",
            9500,
            "2026/08/15",
            "分三期付款",
            "两年质保",
            "2026/07/01",
            "2026/07/03",
            "2026/07/06",
        ],
        [
            "HT-2026-004",
            "KH-0003",
            "E004",
            "草稿",
            88000,
            0,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
    ],
    "应收款": [
        ["应收编号", "合同编号", "应收金额", "到期日", "对账日期", "核销日期", "已交财务资料"],
        ["YS-001-1", "HT-2026-001", 144000, "2026/03/01", "2026/03/10", None, "合同、收据"],
        ["YS-001-2", "HT-2026-001", 336000, "2026/04/30", None, None, "合同"],
        ["YS-002-1", "HT-2026-002", 126000.5, "2026/06/09", "2026/06/15", None, "合同、收据"],
        ["YS-003-1", "HT-2026-003", 285000, "2026/09/30", None, None, None],
        ["YS-003-2", "HT-2026-003", 380000, "2026/12/31", None, None, None],
    ],
    "回款记录": [
        ["回款单号", "应收编号", "回款日期", "回款金额"],
        ["HK-0001", "YS-001-1", "2026/03/05", 144000],
        ["HK-0002", "YS-001-2", "2026/05/06", 200000],
        ["HK-0003", "YS-001-2", "2026/05/28", 136000],
        ["HK-0004", "YS-002-1", "2026/06/08", 126000.5],
        ["HK-0005", "YS-003-1", "2026/10/20", 100000],
    ],
}


def write(path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    for title, rows in SHEETS.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.properties.creator = "CRM"
    book.properties.created = WRITTEN
    written = io.BytesIO()
    book.save(written)
    # A zip archive stamps each part with the time it was written: the export's time instead.
    with zipfile.ZipFile(written) as parts, zipfile.ZipFile(path, "w") as fixed:
        for info in parts.infolist():
            stamped = zipfile.ZipInfo(info.filename, date_time=WRITTEN.timetuple()[:6])
            stamped.compress_type = zipfile.ZIP_DEFLATED
            content = parts.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets `modified` to now
                stamp = WRITTEN.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            fixed.writestr(stamped, content)


def main() -> None:
    path = EXAMPLE / "crm-export.xlsx"
    write(path)
    print(f"wrote {path.relative_to(EXAMPLE.parent.parent)}")


if __name__ == "__main__":
    main()

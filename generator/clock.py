"""The one place that asks what day it is. Everything downstream takes the date as an argument."""
from __future__ import annotations

import datetime as dt
import os

# Azerbaijan keeps UTC+4 all year (no daylight saving since 2016), so a fixed offset needs no tz data.
BAKU = dt.timezone(dt.timedelta(hours=4), "Asia/Baku")


def today_in_baku() -> dt.date:
    """Today in Baku; SOURCE_DATE_EPOCH, when set, fixes it for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), BAKU) if epoch else dt.datetime.now(BAKU)
    return now.date()

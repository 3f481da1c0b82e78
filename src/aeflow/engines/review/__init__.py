"""Review: the pitfall checker (lint), level-3 readiness, and the 需求 → 执行 → 效果 trace."""

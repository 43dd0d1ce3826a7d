"""Jobs that run on a schedule, so that no person has to remember them.

`registry.JOBS` lists them; `parity worker` registers their schedules and runs them through
the task queue (django-q2: the database by default, Redis when PARITY_TASK_BROKER_URL says
so). Each job calls one service function of its domain; the work lives there.
"""

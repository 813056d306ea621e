# Boards, meetings, agendas, minutes and the action log arrive with the meetings issue.

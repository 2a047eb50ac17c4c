// `qualcluster cluster start|stop|list|engines|scale`: clusters that outlive a command.
#pragma once

#include <QStringList>

int runClusterCommand(const QStringList &arguments);

/* health.h — GET /healthz: is the server up and its database readable. */
#ifndef DXTRACK_HEALTH_H
#define DXTRACK_HEALTH_H

#include "../http/exchange.h"

void health_check(struct http_exchange *x); /* GET /healthz */

#endif

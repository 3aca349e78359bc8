/* workdays: STUB — being written. */
#include "base/workdays.h"

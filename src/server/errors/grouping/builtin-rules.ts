// Tally's built-in stack trace rules, applied to every event before the project's own. They say
// which frames are plumbing rather than the program: process and thread entry points, the
// runtime's throw and abort machinery, JavaScript polyfills and CDN copies of libraries, Go's
// module cache. Such frames are kept out of the group so that the same bug groups alike whatever
// started the thread or which polyfill happened to be loaded.
export const BUILTIN_RULES = `
# Native: where processes and threads start
family:native function:_start                          category=threadbase
family:native function:__libc_start_main                category=threadbase
family:native function:__libc_start_call_main          category=threadbase
family:native function:start_thread                    category=threadbase
family:native function:thread_start                    category=threadbase
family:native function:_pthread_start                  category=threadbase
family:native function:__pthread_start                 category=threadbase
family:native function:clone                           category=threadbase
family:native function:__clone                         category=threadbase
family:native function:__scrt_common_main_seh          category=threadbase
family:native function:__scrt_common_main              category=threadbase
family:native function:invoke_main                     category=threadbase
family:native function:mainCRTStartup                  category=threadbase
family:native function:wmainCRTStartup                 category=threadbase
family:native function:WinMainCRTStartup               category=threadbase
family:native function:wWinMainCRTStartup              category=threadbase
family:native function:BaseThreadInitThunk             category=threadbase
family:native function:RtlUserThreadStart             category=threadbase
family:native function:_RtlUserThreadStart             category=threadbase
family:native function:thread_start<*                  category=threadbase
family:native function:std::rt::lang_start::*          category=threadbase
family:native function:std::sys::*::thread::*::thread_start category=threadbase

# Native: the machinery that raises, throws and aborts
family:native function:abort                           category=internals
family:native function:raise                           category=internals
family:native function:__assert_fail                   category=internals
family:native function:__assert_rtn                    category=internals
family:native function:__stack_chk_fail                category=internals
family:native function:__cxa_throw                     category=internals
family:native function:__cxa_rethrow                   category=internals
family:native function:_CxxThrowException              category=internals
family:native function:RaiseException                  category=internals
family:native function:objc_exception_throw            category=internals
family:native function:__pthread_kill                  category=internals
family:native function:pthread_kill                    category=internals
family:native function:std::panicking::begin_panic*    category=internals
family:native function:core::panicking::*              category=internals
family:native function:std::panicking::rust_panic*     category=internals
family:native function:rust_begin_unwind               category=internals
family:native function:__rust_start_panic              category=internals

family:native category:threadbase                      -group
family:native category:internals                       -group
family:native category:indirection                     -group

# JavaScript: polyfills and bundler helpers, and libraries loaded from CDNs
family:javascript module:@babel/**                     -group
family:javascript module:core-js/**                    -group
family:javascript module:regenerator-runtime/**        -group
family:javascript path:**/node_modules/@babel/**       -group
family:javascript path:**/node_modules/core-js/**      -group
family:javascript path:**/node_modules/regenerator-runtime/** -group
family:javascript path:https://cdn.jsdelivr.net/**     -group
family:javascript path:https://unpkg.com/**            -group
family:javascript path:https://cdnjs.cloudflare.com/** -group
family:javascript path:https://ajax.googleapis.com/**  -group
family:javascript path:https://code.jquery.com/**      -group

# Go: the module cache holds other people's code
family:other path:**/go/pkg/mod/**                     -group
`;

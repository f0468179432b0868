# Checks that the JSON file FILE names every key in KEYS (a ;-list).
file(READ "${FILE}" text)
foreach(key ${KEYS})
  string(FIND "${text}" "\"${key}\"" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${FILE} lacks \"${key}\":\n${text}")
  endif()
endforeach()

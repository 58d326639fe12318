/*
 * The platform side of LTI client-side postMessage storage, as Canvas serves it: a hidden frame of
 * the LMS's own origin, named by `lti_storage_target`, next to the tool's frame. It answers
 * lti.capabilities, lti.put_data and lti.get_data. Values are kept per tool origin (a tool never
 * reads another origin's keys) in this frame's sessionStorage, which is first-party to the LMS.
 */
(function () {
  var memory = {};
  function read(k) {
    try { var v = sessionStorage.getItem(k); return v === null ? undefined : v; } catch (e) { return memory[k]; }
  }
  function write(k, v) {
    try { sessionStorage.setItem(k, v); } catch (e) { memory[k] = v; }
  }
  window.addEventListener('message', function (event) {
    var m = event.data;
    if (!m || typeof m !== 'object' || typeof m.subject !== 'string' || !event.source) return;
    if (['lti.capabilities', 'lti.put_data', 'lti.get_data'].indexOf(m.subject) < 0) return;
    var reply = { subject: m.subject + '.response', message_id: m.message_id };
    if (m.subject === 'lti.capabilities') {
      reply.supported_messages = [
        { subject: 'lti.capabilities' },
        { subject: 'lti.put_data', frame: window.name },
        { subject: 'lti.get_data', frame: window.name },
      ];
    } else if (typeof m.key !== 'string' || !m.key || m.key.length > 1024) {
      reply.error = { code: 'bad_request', message: 'key must be a non-empty string' };
    } else if (m.subject === 'lti.put_data' && (typeof m.value !== 'string' || m.value.length > 4096)) {
      reply.error = { code: 'bad_request', message: 'value must be a string of at most 4096 characters' };
    } else {
      var k = 'lti-storage ' + event.origin + ' ' + m.key;
      reply.key = m.key;
      if (m.subject === 'lti.put_data') write(k, m.value);
      reply.value = read(k);
    }
    event.source.postMessage(reply, event.origin);
  });
})();

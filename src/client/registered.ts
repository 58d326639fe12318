/** After Dynamic Registration the tool tells the platform's page it may close (LTI registration spec). */
(window.opener ?? window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');

package wecom

import (
	"encoding/xml"
	"fmt"
	"testing"
)

var flatXMLCases = []string{
	`<xml><ToUserName><![CDATA[ww1]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[abc+/=]]></Encrypt></xml>`,
	"<xml>\n  <ToUserName>a</ToUserName>\n\t<Encrypt>abc</Encrypt>\r\n</xml>\n",
	`<xml><ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1348831860</CreateTime>` +
		`<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[上报 危货车辆 <b>&amp; 单位:某公司]]></Content><MsgId>1234567890123456789</MsgId><AgentID>1</AgentID></xml>`,
	`<xml><FromUserName>u</FromUserName><MsgType>location</MsgType><Location_X>23.134521</Location_X><Location_Y> 113.358803 </Location_Y><Scale>20</Scale><Label><![CDATA[位置]]></Label></xml>`,
	`<xml><FromUserName>u</FromUserName><MsgType>event</MsgType><Event><![CDATA[enter_agent]]></Event><EventKey></EventKey><CreateTime></CreateTime></xml>`,
	`<xml><FromUserName>u</FromUserName><MsgType>text</MsgType><Unknown><![CDATA[x]]></Unknown><Content>a]b>c</Content></xml>`,
	// Everything below takes encoding/xml's path (or is refused by both).
	`<?xml version="1.0"?><xml><Encrypt>abc</Encrypt></xml>`,
	`<xml><!-- c --><Encrypt>abc</Encrypt></xml>`,
	`<xml><Encrypt a="1">abc</Encrypt></xml>`,
	`<xml><Encrypt>a&amp;b</Encrypt></xml>`,
	`<xml><Encrypt>a&bogus;b</Encrypt></xml>`,
	`<xml><Encrypt>a]]>b</Encrypt></xml>`,
	`<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>`,
	`<xml><x:Encrypt>a</x:Encrypt></xml>`,
	`<xml><Encrypt><![CDATA[a]]>b</Encrypt></xml>`,
	`<xml><Encrypt><i>a</i></Encrypt></xml>`,
	`<xml><Encrypt/></xml>`,
	`<xml><Encrypt>a` + "\r\n" + `b</Encrypt></xml>`,
	`<xml><Encrypt>a` + "\x01" + `</Encrypt></xml>`,
	"<xml><Encrypt>a\xff</Encrypt></xml>",
	"<xml><Encrypt>a\uFFFE</Encrypt></xml>",
	`<xml><Encrypt>abc</Encrypt></xml>trailing`,
	`<xml><Encrypt>abc</Encrypt></xm>`,
	`<xml><Encrypt>abc</Encrypt>`,
	`<xml><Encrypt>abc</Encrypt`,
	`<xml><Encrypt>abc</Other></xml>`,
	`<xml><Encrypt><![CDATA[abc</Encrypt></xml>`,
	`<xml>text<Encrypt>abc</Encrypt></xml>`,
	` <xml><Encrypt>abc</Encrypt></xml>`,
	`<xml><FromUserName>u</FromUserName><MsgType>t</MsgType><CreateTime>12x</CreateTime></xml>`,
	`<xml><FromUserName>u</FromUserName><MsgType>t</MsgType><CreateTime> </CreateTime></xml>`,
	`<xml><FromUserName>u</FromUserName><MsgType>t</MsgType><Location_X>NaN</Location_X></xml>`,
	`<xml><FromUserName>u</FromUserName><MsgType>t</MsgType><Location_X>1e400</Location_X></xml>`,
	`<xml></xml>`,
	`<xml>`,
	`<`,
	``,
}

// TestFlatXMLAgreesWithEncodingXML: where the fast path answers, encoding/xml
// gives the same values; where it gives up, the parse functions still give
// encoding/xml's answer.
func TestFlatXMLAgreesWithEncodingXML(t *testing.T) {
	fast := 0
	for _, c := range flatXMLCases {
		if checkFlatXML(t, []byte(c)) {
			fast++
		}
	}
	if fast < 8 {
		t.Errorf("only %d cases took the fast path", fast)
	}
}

func FuzzFlatXML(f *testing.F) {
	for _, c := range flatXMLCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkFlatXML(t, b) })
}

// checkFlatXML compares both fast paths with encoding/xml on b and reports
// whether either answered.
func checkFlatXML(t *testing.T, b []byte) bool {
	t.Helper()
	env, okEnv := fastEnvelope(b)
	if okEnv {
		var want appEnvelope
		if err := xml.Unmarshal(b, &want); err != nil || want != env {
			t.Errorf("envelope %q: fast %+v, encoding/xml %+v (%v)", b, env, want, err)
		}
	}
	m, okMsg := fastAppMessage(b)
	if okMsg {
		var want AppMessage
		if err := xml.Unmarshal(b, &want); err != nil || !sameMessage(*m, want) {
			t.Errorf("message %q: fast %+v, encoding/xml %+v (%v)", b, *m, want, err)
		}
	}
	// The exported functions answer as encoding/xml alone would.
	var want appEnvelope
	werr := xml.Unmarshal(b, &want)
	got, err := ParseAppEnvelope(b)
	if (werr != nil || want.Encrypt == "") != (err != nil) || err == nil && got != want.Encrypt {
		t.Errorf("ParseAppEnvelope(%q) = %q, %v; encoding/xml %+v, %v", b, got, err, want, werr)
	}
	var wm AppMessage
	werr = xml.Unmarshal(b, &wm)
	gm, err := ParseAppMessage(b)
	if bad := werr != nil || wm.MsgType == "" || wm.FromUserName == ""; bad != (err != nil) || err == nil && !sameMessage(*gm, wm) {
		t.Errorf("ParseAppMessage(%q) = %+v, %v; encoding/xml %+v, %v", b, gm, err, wm, werr)
	}
	return okEnv || okMsg
}

// sameMessage compares field by field, a NaN equal to a NaN.
func sameMessage(a, b AppMessage) bool { return fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b) }

package scenario

import (
	"fmt"
	"slices"
	"strings"
)

// iso4217 lists the active alphabetic currency codes of ISO 4217 (list one,
// the codes of currencies and funds in use), sorted.
var iso4217 = strings.Fields(`
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB
BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC
CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF
GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF
KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU
MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR
PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP
STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU
UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD
XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL`)

// currencyAliases are names in common use for currencies whose ISO 4217
// code differs.
var currencyAliases = map[string]string{"RMB": "CNY", "YUAN": "CNY", "EURO": "EUR", "YEN": "JPY", "NTD": "TWD", "UKP": "GBP"}

// CheckCurrency reports whether code is an active ISO 4217 alphabetic
// currency code, such as "CNY", "EUR" or "USD" (upper case, as the
// standard writes them). The error says what is allowed and, for a code in
// the wrong case or one letter away from a valid one, which was meant.
func CheckCurrency(code string) error {
	if _, ok := slices.BinarySearch(iso4217, code); ok {
		return nil
	}
	shown := code
	if len(shown) > 20 {
		shown = shown[:20] + "…"
	}
	if c, ok := currencyAliases[strings.ToUpper(code)]; ok {
		return fmt.Errorf("%q is not an ISO 4217 currency code; did you mean %q?", shown, c)
	}
	if up := strings.ToUpper(code); up != code {
		if _, ok := slices.BinarySearch(iso4217, up); ok {
			return fmt.Errorf("%q is not an ISO 4217 code; did you mean %q? (codes are three capital letters)", shown, up)
		}
	}
	if len(code) == 3 {
		for _, c := range iso4217 {
			diff := 0
			for i := range 3 {
				if c[i] != code[i] {
					diff++
				}
			}
			if diff == 1 {
				return fmt.Errorf("%q is not an ISO 4217 currency code; did you mean %q?", shown, c)
			}
		}
	}
	return fmt.Errorf("%q is not an ISO 4217 currency code (want three capital letters such as CNY, EUR or USD)", shown)
}
